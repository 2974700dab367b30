/// <summary>
/// Hidden units:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[i·HiddenCount + j],
/// x_i times a vector of units at a time (row i of the input-major W), no horizontal sums,
/// then z_j = σ(a_j) a vector at a time, stored where a_j would be;
/// 8 lanes (Vector256) at a time.
/// </summary>
private static void HiddenLayer_0To15_V256(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> z1)
{
    x = x.Slice(0, InputCount);
    z1 = z1.Slice(0, HiddenCount);
    ref float p = ref MemoryMarshal.GetReference(parameters);
    ref float rx = ref MemoryMarshal.GetReference(x);
    ref float rz = ref MemoryMarshal.GetReference(z1);
    int j = 0;
    // Units j to j + 15: 2 × Vector256
    {
        // s<vector>_chain (0: even inputs, 1: odd): the sums of one vector of units
        Vector256<float> s0_0 = Vector256.LoadUnsafe(ref p, (nuint)(B1Offset + j));
        Vector256<float> s0_1 = Vector256<float>.Zero;
        Vector256<float> s1_0 = Vector256.LoadUnsafe(ref p, (nuint)(B1Offset + j + 8));
        Vector256<float> s1_1 = Vector256<float>.Zero;
        for (int i = 0; i <= InputCount - 2; i += 2)
        {
            Vector256<float> x0_0 = Vector256.Create(Unsafe.Add(ref rx, i));
            int row0 = W1Offset + (i * HiddenCount) + j;
            s0_0 = Vector256.FusedMultiplyAdd(x0_0, Vector256.LoadUnsafe(ref p, (nuint)(row0)), s0_0);
            s1_0 = Vector256.FusedMultiplyAdd(x0_0, Vector256.LoadUnsafe(ref p, (nuint)(row0 + 8)), s1_0);
            Vector256<float> x0_1 = Vector256.Create(Unsafe.Add(ref rx, i + 1));
            int row1 = W1Offset + ((i + 1) * HiddenCount) + j;
            s0_1 = Vector256.FusedMultiplyAdd(x0_1, Vector256.LoadUnsafe(ref p, (nuint)(row1)), s0_1);
            s1_1 = Vector256.FusedMultiplyAdd(x0_1, Vector256.LoadUnsafe(ref p, (nuint)(row1 + 8)), s1_1);
        }

        Vector256.StoreUnsafe(Sigmoid(s0_0 + s0_1), ref rz, (nuint)(j));
        Vector256.StoreUnsafe(Sigmoid(s1_0 + s1_1), ref rz, (nuint)(j + 8));
        j += 16;
    }
}
