/// <summary>
/// Hidden units:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[j·InputCount + i];
/// 8 lanes (Vector256) at a time.
/// </summary>
private static void HiddenLayer_0To15_V256(float[] parameters, ReadOnlySpan<float> x, Span<float> a1)
{
    x = x.Slice(0, InputCount);
    a1 = a1.Slice(0, HiddenCount);
    ReadOnlySpan<float> b = new(parameters, B1Offset, HiddenCount);
    ref float p = ref MemoryMarshal.GetArrayDataReference(parameters);
    ref float rx = ref MemoryMarshal.GetReference(x);
    int j = 0;
    // 4 rows at a time
    for (; j <= HiddenCount - 4; j += 4)
    {
        int w0 = W1Offset + (j * InputCount), w1 = w0 + InputCount, w2 = w1 + InputCount, w3 = w2 + InputCount;
        Vector256<float> s0 = Vector256<float>.Zero;
        Vector256<float> s1 = s0;
        Vector256<float> s2 = s0;
        Vector256<float> s3 = s0;
        Vector128<float> t0 = Vector128<float>.Zero;
        Vector128<float> t1 = t0;
        Vector128<float> t2 = t0;
        Vector128<float> t3 = t0;
        float u0 = 0f, u1 = 0f, u2 = 0f, u3 = 0f;
        int i = 0;
        for (; i <= InputCount - 8; i += 8)
        {
            Vector256<float> xi = Vector256.LoadUnsafe(ref rx, (nuint)(i));
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, (nuint)(w0 + i)), xi, s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, (nuint)(w1 + i)), xi, s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, (nuint)(w2 + i)), xi, s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, (nuint)(w3 + i)), xi, s3);
        }

        for (; i <= InputCount - 4; i += 4)
        {
            Vector128<float> xi = Vector128.LoadUnsafe(ref rx, (nuint)(i));
            t0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref p, (nuint)(w0 + i)), xi, t0);
            t1 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref p, (nuint)(w1 + i)), xi, t1);
            t2 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref p, (nuint)(w2 + i)), xi, t2);
            t3 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref p, (nuint)(w3 + i)), xi, t3);
        }

        for (; i < InputCount; i++)
        {
            u0 += Unsafe.Add(ref p, w0 + i) * x[i];
            u1 += Unsafe.Add(ref p, w1 + i) * x[i];
            u2 += Unsafe.Add(ref p, w2 + i) * x[i];
            u3 += Unsafe.Add(ref p, w3 + i) * x[i];
        }

        a1[j + 0] = b[j + 0] + (Vector256.Sum(s0) + Vector128.Sum(t0) + u0);
        a1[j + 1] = b[j + 1] + (Vector256.Sum(s1) + Vector128.Sum(t1) + u1);
        a1[j + 2] = b[j + 2] + (Vector256.Sum(s2) + Vector128.Sum(t2) + u2);
        a1[j + 3] = b[j + 3] + (Vector256.Sum(s3) + Vector128.Sum(t3) + u3);
    }
}
