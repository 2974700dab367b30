/// <summary>
/// Backward's work once its arguments are checked: the forward pass, the deltas, then, if the loss and every gradient
/// are finite, the gradients added in. <paramref name="largestInput"/> is max|x|, from the check that the inputs are
/// finite; <paramref name="caller"/> names the public method in an exception.
/// </summary>
[MethodImpl(MethodImplOptions.NoInlining)]
internal static float Backpropagate(
    float[] parameters, float[] gradients, ReadOnlySpan<float> input, float largestInput, ReadOnlySpan<float> target, string caller)
{
    // Forward pass:  z_j = σ(Σ_i w_ji x_i + b_j),  a_k = Σ_j w_kj z_j + b_k
    Vector128<float> z1_0To3 = Sigmoid(HiddenLayer_0To3(parameters, input));
    float a2_0 = OutputLayer_0To0(parameters, z1_0To3);

    // Output layer, sigmoid + binary cross-entropy:  δ_k = y_k − t_k
    float loss = 0f;
    target = target.Slice(0, OutputCount);
    float d2_0 = OutputDelta(a2_0, target[0], ref loss);

    // Hidden layer:  δ_j = σ'(a_j) Σ_k w_kj δ_k,   σ'(a) = z(1 − z)
    Vector128<float> d1_0To3 = HiddenDeltas_0To3(parameters, z1_0To3, d2_0);

    // No step on a non-finite loss or gradient. |∂ℓ/∂w_ji| = |δ_j|·|(unit input)_i| is largest at max|δ|·max|unit input|,
    // so that product is finite exactly when every gradient of the layer is (MaxAbs is ∞ if a value is NaN or ±∞);
    // and a step, when one follows, must not move any parameter by more than float.MaxValue/4.
    // Above sigmoid units max(max|z|, 1) is 1: σ lies in [0, 1], and a NaN among the z would make the loss NaN, refused first.
    __Checks.CheckLoss(caller, loss);
    __Checks.CheckGradient(caller, "output layer", __Checks.MaxAbs(Vector128.CreateScalar(d2_0)), 1f, 0f);
    __Checks.CheckGradient(caller, "hidden layer", __Checks.MaxAbs(d1_0To3), largestInput, 0f);

    // Gradients:  ∂ℓ/∂w_kj = δ_k z_j,  ∂ℓ/∂b_k = δ_k,  ∂ℓ/∂w_ji = δ_j x_i,  ∂ℓ/∂b_j = δ_j   (summed until Step)
    AccumulateOutputGradients_0To0(gradients, z1_0To3, d2_0);
    AccumulateHiddenGradients_0To3(gradients, input, d1_0To3);
    return loss;
}
