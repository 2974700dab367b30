/// <summary>Computes the outputs for one sample: y_k = σ(Σ_j w_kj σ(Σ_i w_ji x_i + b_j) + b_k).</summary>
/// <param name="input">The InputCount inputs x_i.</param>
/// <param name="output">Receives the OutputCount outputs y_k, each in [0, 1].</param>
/// <exception cref="global::System.ArgumentException">A span's length is not InputCount or OutputCount; nothing is written.</exception>
/// <remarks>
/// Allocates nothing. Forward only reads the parameters, so several threads may call it on one instance at once,
/// as long as none of them trains the network or writes <see cref="Parameters"/> meanwhile.
/// </remarks>
[global::System.CodeDom.Compiler.GeneratedCode("NetGen", "{NetGenVersion}")]
public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)
{
    if (input.Length != InputCount) throw LengthMismatch(nameof(input), input.Length, InputCount, nameof(InputCount));
    if (output.Length != OutputCount) throw LengthMismatch(nameof(output), output.Length, OutputCount, nameof(OutputCount));
    global::System.Span<float> z1 = stackalloc float[HiddenCount];

    // Hidden layer:  a_j = Σ_i w_ji x_i + b_j,  z_j = σ(a_j)
    HiddenLayer_0To3(input, z1);
    HiddenSigmoids(z1);
    // Output layer:  a_k = Σ_j w_kj z_j + b_k,  y_k = σ(a_k)
    OutputLayer_0To0(z1, output);
    OutputSigmoids(output);
}
