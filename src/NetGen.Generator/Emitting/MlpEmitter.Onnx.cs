using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The ONNX file of a network: <c>LoadOnnx</c> (from a stream or a span) and <c>SaveOnnx</c>, a few lines each over the
/// ONNX reader and writer that <see cref="OnnxSupport"/> emits once into the compilation (namespace
/// <c>NetGen.__Generated.Onnx</c>).
/// </summary>
internal sealed partial class MlpEmitter
{
    private const string OnnxConcern = "Onnx";

    private const string OnnxNamespace = "global::" + OnnxSupport.Namespace;

    /// <summary>The user's part: LoadOnnx and SaveOnnx.</summary>
    private void WriteOnnx()
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string activation = OnnxNamespace + ".OnnxActivation." + _shape.Activation;
        string head = OnnxNamespace + ".OnnxHead." + _shape.Head;
        string declaration = WeightFileDeclaration;
        string clearState = _shape.Optimizer switch
        {
            OptimizerKind.Momentum => " and the momentum",
            OptimizerKind.Adam => " and Adam's moments",
            _ => string.Empty,
        };
        string precisionNote = single
            ? "Exported then imported, the parameters come back bit for bit."
            : "ONNX models of NetGen's hold float32: each double parameter is rounded to the nearest float, so an export then import gives back the floats, not the doubles.";
        string widen = single
            ? (_model.AlignedState
                ? $$"""new global::System.ReadOnlySpan<float>(parameters).CopyTo({{Parameters}});"""
                : $$"""global::System.Array.Copy(parameters, {{ParametersField}}, {{ParameterCount}});""")
            : $$"""
                for (int n = 0; n < {{ParameterCount}}; n++)
                {
                    {{ParametersField}}[n] = parameters[n];
                }
                """;
        string narrow = !single ? "parameters"
            : _model.AlignedState ? Parameters + ".ToArray()"   // the writer takes an array; the window is part of one
            : ParametersField;

        _w.Lines($$"""
            // The ONNX reader and writer are internal types emitted into every assembly that declares a network: if two such
            // assemblies see each other's internals, the compiler warns that the names repeat (CS0436) and uses this assembly's.
            #pragma warning disable CS0436

            /// <summary>
            /// Replaces the parameters with the weights of an ONNX model of a network declared {{declaration.Replace("<", "&lt;")}} (as PyTorch's
            /// <c>torch.onnx.export</c> writes <c>nn.Sequential</c> of <c>nn.Linear</c> layers and activations, or <see cref="SaveOnnx"/>),
            /// and clears the gradients{{clearState}}. docs/onnx.md lists the models NetGen reads.
            /// </summary>
            /// <param name="model">The bytes of one .onnx file.</param>
            /// <exception cref="global::System.IO.InvalidDataException">
            /// The bytes are not an ONNX model, are truncated or garbled, use an operator or a tensor type NetGen does not compile,
            /// lack a weight, or hold a network of other sizes, hidden activation or output. The message says which; the
            /// parameters are left exactly as they were. ONNX has no checksum: a changed byte inside a weight is a valid model
            /// with another weight (use <see cref="Load(global::System.ReadOnlySpan{byte})"/>'s weight file where that matters).
            /// </exception>
            /// <remarks>Reads and checks the whole model before it writes a single parameter. {{precisionNote}}</remarks>
            {{GeneratedCode}}
            public void {{LoadOnnx}}(global::System.ReadOnlySpan<byte> model)
            {
                byte[] bytes = model.ToArray();
                {{LoadOnnxCore}}(bytes, bytes.Length);
            }

            /// <summary>
            /// Reads <paramref name="stream"/> to its end and loads the ONNX model it holds as
            /// <see cref="{{LoadOnnx}}(global::System.ReadOnlySpan{byte})"/> does.
            /// </summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="stream"/> is null.</exception>
            /// <exception cref="global::System.IO.InvalidDataException">As for the span overload; the parameters are left as they were.</exception>
            {{GeneratedCode}}
            public void {{LoadOnnx}}(global::System.IO.Stream stream)
            {
                if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));
                byte[] bytes = {{OnnxNamespace}}.OnnxNetwork.ReadToEnd(stream, out int length);
                {{LoadOnnxCore}}(bytes, length);
            }

            /// <summary>The work of both LoadOnnx overloads: every check, then the copy.</summary>
            {{GeneratedCode}}
            """);
        _w.Open("private void " + LoadOnnxCore + "(byte[] bytes, int length)");
        _w.Lines($$"""
            float[] parameters = {{OnnxNamespace}}.OnnxNetwork.Load(
                bytes, 0, length, {{LayerSizes}}.ToArray(), {{activation}},
                {{head}}, "{{declaration}}");
            """);
        _w.Lines(widen);
        _w.Line(ZeroGradients + "();");
        WriteClearOptimizerState();
        _w.Close();
        _w.Lines($$"""

            /// <summary>
            /// Writes the network as an ONNX model (IR version 7, opset 13): one <c>Gemm</c> per layer, named <c>layer1</c>, <c>layer2</c>, …, with
            /// its weights <c>layer1.weight</c> [out, in] and <c>layer1.bias</c>, the hidden activation after each hidden layer, and the output as
            /// {{(_shape.Head == OutputHead.Linear ? "the last Gemm itself" : "a " + _shape.Head + " node")}}; the input <c>input</c> [batch, {{N(_shape.Inputs)}}], the output <c>output</c> [batch, {{N(_shape.Outputs)}}].
            /// ONNX Runtime computes what <see cref="{{Names.Forward}}"/> does.
            /// </summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="stream"/> is null.</exception>
            /// <exception cref="global::System.InvalidOperationException">A parameter is NaN or ±∞; nothing is written.</exception>
            /// <remarks>Builds the whole model in memory, then writes it. {{precisionNote}}</remarks>
            {{GeneratedCode}}
            public void {{SaveOnnx}}(global::System.IO.Stream stream)
            {
                if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));
            """);
        _w.Indent();
        if (!single)
        {
            _w.Lines($$"""
                float[] parameters = new float[{{ParameterCount}}];
                for (int n = 0; n < {{ParameterCount}}; n++)
                {
                    parameters[n] = (float){{ParametersField}}[n];
                }
                """);
        }

        _w.Lines($$"""
            byte[] model = {{OnnxNamespace}}.OnnxNetwork.Save(
                {{LayerSizes}}.ToArray(), {{activation}},
                {{head}}, {{narrow}});
            stream.Write(model, 0, model.Length);
            """);
        _w.Outdent();
        _w.Lines("""
            }

            #pragma warning restore CS0436
            """);
    }
}
