/// <summary>Hidden units 0–3:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[i·HiddenCount + j]; returns the vector of a_j</summary>
[MethodImpl(MethodImplOptions.AggressiveInlining)]
private static Vector128<float> HiddenLayer_0To3(float[] parameters, ReadOnlySpan<float> x)
{
    x = x.Slice(0, InputCount);
    ReadOnlySpan<float> w1 = new(parameters, W1Offset, HiddenCount * InputCount);
    ReadOnlySpan<float> b1 = new(parameters, B1Offset, HiddenCount);

    // 4 values at a time in a Vector128 where they are side by side; each lane does its scalar statement's operations in order.
    return Load(b1, 0) + Load(w1, 0) * x[0] + Load(w1, 4) * x[1];
}
