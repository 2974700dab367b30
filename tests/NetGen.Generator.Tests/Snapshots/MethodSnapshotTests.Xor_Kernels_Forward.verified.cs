/// <summary>Forward's work:  y_k = σ(Σ_j w_kj σ(Σ_i w_ji x_i + b_j) + b_k).</summary>
[MethodImpl(MethodImplOptions.NoInlining)]
internal static void Forward(float[] parameters, ReadOnlySpan<float> input, Span<float> output)
{
    // Hidden layer:  a_j = Σ_i w_ji x_i + b_j,  z_j = σ(a_j), held in Vector128 locals
    Vector128<float> z1_0To3 = Sigmoid(HiddenLayer_0To3(parameters, input));
    // Output layer:  a_k = Σ_j w_kj z_j + b_k,  y_k = σ(a_k)
    output = output.Slice(0, OutputCount);
    output[0] = Sigmoid(OutputLayer_0To0(parameters, z1_0To3));
}
