/// <summary>Hidden units 0–3:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[i·HiddenCount + j]</summary>
[MethodImpl(MethodImplOptions.AggressiveInlining)]
private static void HiddenLayer_0To3(float[] parameters, ReadOnlySpan<float> x, Span<float> a1)
{
    x = x.Slice(0, InputCount);
    a1 = a1.Slice(0, HiddenCount);
    ReadOnlySpan<float> w1 = new(parameters, W1Offset, HiddenCount * InputCount);
    ReadOnlySpan<float> b1 = new(parameters, B1Offset, HiddenCount);

    a1[0] = b1[0] + w1[0] * x[0] + w1[4] * x[1];
    a1[1] = b1[1] + w1[1] * x[0] + w1[5] * x[1];
    a1[2] = b1[2] + w1[2] * x[0] + w1[6] * x[1];
    a1[3] = b1[3] + w1[3] * x[0] + w1[7] * x[1];
}
