/// <summary>
/// Hidden units:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[i·HiddenCount + j],
/// x_i times a vector of units at a time (row i of the input-major W), no horizontal sums,
/// then z_j = σ(a_j) a vector at a time, stored where a_j would be;
/// 8 lanes (Vector512) at a time.
/// </summary>
private static void HiddenLayer_0To127_V512(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, Span<double> z1)
{
    x = x.Slice(0, InputCount);
    z1 = z1.Slice(0, HiddenCount);
    ref double p = ref MemoryMarshal.GetReference(parameters);
    ref double rx = ref MemoryMarshal.GetReference(x);
    ref double rz = ref MemoryMarshal.GetReference(z1);
    int j = 0;
    // Units j to j + 127: 16 × Vector512, a block at a time
    for (; j <= HiddenCount - 128; j += 128)
    {
        Vector512<double> s0 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j));
        Vector512<double> s1 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 8));
        Vector512<double> s2 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 16));
        Vector512<double> s3 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 24));
        Vector512<double> s4 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 32));
        Vector512<double> s5 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 40));
        Vector512<double> s6 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 48));
        Vector512<double> s7 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 56));
        Vector512<double> s8 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 64));
        Vector512<double> s9 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 72));
        Vector512<double> s10 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 80));
        Vector512<double> s11 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 88));
        Vector512<double> s12 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 96));
        Vector512<double> s13 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 104));
        Vector512<double> s14 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 112));
        Vector512<double> s15 = Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j + 120));
        for (int i = 0; i < InputCount; i++)
        {
            Vector512<double> x0 = Vector512.Create(Unsafe.Add(ref rx, i));
            int row0 = W1Offset + (i * HiddenCount) + j;
            s0 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0)), s0);
            s1 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 8)), s1);
            s2 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 16)), s2);
            s3 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 24)), s3);
            s4 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 32)), s4);
            s5 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 40)), s5);
            s6 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 48)), s6);
            s7 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 56)), s7);
            s8 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 64)), s8);
            s9 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 72)), s9);
            s10 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 80)), s10);
            s11 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 88)), s11);
            s12 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 96)), s12);
            s13 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 104)), s13);
            s14 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 112)), s14);
            s15 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref p, (nuint)(row0 + 120)), s15);
        }

        Vector512.StoreUnsafe(Sigmoid(s0), ref rz, (nuint)(j));
        Vector512.StoreUnsafe(Sigmoid(s1), ref rz, (nuint)(j + 8));
        Vector512.StoreUnsafe(Sigmoid(s2), ref rz, (nuint)(j + 16));
        Vector512.StoreUnsafe(Sigmoid(s3), ref rz, (nuint)(j + 24));
        Vector512.StoreUnsafe(Sigmoid(s4), ref rz, (nuint)(j + 32));
        Vector512.StoreUnsafe(Sigmoid(s5), ref rz, (nuint)(j + 40));
        Vector512.StoreUnsafe(Sigmoid(s6), ref rz, (nuint)(j + 48));
        Vector512.StoreUnsafe(Sigmoid(s7), ref rz, (nuint)(j + 56));
        Vector512.StoreUnsafe(Sigmoid(s8), ref rz, (nuint)(j + 64));
        Vector512.StoreUnsafe(Sigmoid(s9), ref rz, (nuint)(j + 72));
        Vector512.StoreUnsafe(Sigmoid(s10), ref rz, (nuint)(j + 80));
        Vector512.StoreUnsafe(Sigmoid(s11), ref rz, (nuint)(j + 88));
        Vector512.StoreUnsafe(Sigmoid(s12), ref rz, (nuint)(j + 96));
        Vector512.StoreUnsafe(Sigmoid(s13), ref rz, (nuint)(j + 104));
        Vector512.StoreUnsafe(Sigmoid(s14), ref rz, (nuint)(j + 112));
        Vector512.StoreUnsafe(Sigmoid(s15), ref rz, (nuint)(j + 120));
    }
}
