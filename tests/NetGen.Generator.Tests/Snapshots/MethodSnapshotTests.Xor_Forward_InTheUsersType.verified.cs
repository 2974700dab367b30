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
    if (input.Length != InputCount) throw __Checks.LengthMismatch(nameof(input), input.Length, InputCount, nameof(InputCount));
    if (output.Length != OutputCount) throw __Checks.LengthMismatch(nameof(output), output.Length, OutputCount, nameof(OutputCount));
    __Kernels.Forward(__parameters, input, output);
}
