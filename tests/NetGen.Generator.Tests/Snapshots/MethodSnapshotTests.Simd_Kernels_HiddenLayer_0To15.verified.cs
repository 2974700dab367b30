/// <summary>
/// Hidden units:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[i·HiddenCount + j],
/// x_i times a vector of units at a time (row i of the input-major W), no horizontal sums,
/// then z_j = σ(a_j) a vector at a time, stored where a_j would be.
/// Calls the kernel for the widest vectors the machine accelerates.
/// </summary>
[MethodImpl(MethodImplOptions.AggressiveInlining)]
private static void HiddenLayer_0To15(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> z1)
{
    if (Vector512.IsHardwareAccelerated)
    {
        HiddenLayer_0To15_V512(parameters, x, z1);
    }
    else if (Vector256.IsHardwareAccelerated)
    {
        HiddenLayer_0To15_V256(parameters, x, z1);
    }
    else
    {
        HiddenLayer_0To15_V128(parameters, x, z1);
    }
}
