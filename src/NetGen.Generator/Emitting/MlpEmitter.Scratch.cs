using System.Collections.Generic;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Scratch memory where <see cref="TargetProfile.ArrayKernels"/> holds (.NET Framework, .NET Standard, Unity, Mono): there
/// <c>Span&lt;T&gt;</c> is the System.Memory package's, without the runtime support of .NET Core 2.1 and later, and making or
/// indexing one costs several times an array access. The one-sample buffers (z_l, the output sums, the deltas) and the
/// copies the portable kernels make of spans they read in every row are arrays, one per thread, made on the thread's
/// first call and then reused: no allocation in the steady state, and Forward still safe on several threads at once.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>
    /// The declaration of a one-sample buffer <paramref name="name"/> of <paramref name="length"/> elements in a Kernels
    /// method: a local inline array, <c>HiddenUnits z1 = default;</c>, where the target has them
    /// (<see cref="TargetProfile.StackBufferStructs"/>); else <c>Span&lt;T&gt; z1 = stackalloc T[HiddenCount];</c>, or with
    /// ArrayKernels the thread's scratch array.
    /// </summary>
    private string Buffer(string name, string length) =>
        Target.ArrayKernels ? ScratchArray(name, "t_" + name, length)
        : Target.StackBufferStructs ? StackBuffer(name, length)
        : $$"""{{_span}} {{name}} = stackalloc {{_t}}[{{length}}];""";

    /// <summary>
    /// A local inline array <paramref name="name"/> of <paramref name="length"/> elements, of the struct
    /// <see cref="WriteBufferTypes"/> declares for that length; it converts to a span wherever a kernel takes one.
    /// </summary>
    private string StackBuffer(string name, string length)
    {
        _bufferTypes.Add(length);
        return $$"""{{BufferTypeName(length)}} {{name}} = default;""";
    }

    /// <summary>The inline-array struct of <paramref name="length"/> elements: HiddenUnits for HiddenCount, OutputUnits for OutputCount.</summary>
    private static string BufferTypeName(string length) =>
        (length.EndsWith("Count", System.StringComparison.Ordinal) ? length.Substring(0, length.Length - "Count".Length) : length) + "Units";

    /// <summary>The lengths the one-sample buffers' inline-array structs were needed for (<see cref="StackBuffer"/>).</summary>
    private readonly SortedSet<string> _bufferTypes = new(System.StringComparer.Ordinal);

    /// <summary>Declares the inline-array structs of the one-sample buffers, if any (<see cref="TargetProfile.StackBufferStructs"/>).</summary>
    private void WriteBufferTypes()
    {
        foreach (string length in _bufferTypes)
        {
            _w.Lines($$"""
                /// <summary>
                /// One value per unit, {{length}} of them, on the stack: a one-sample buffer that, unlike a stackalloc'd span, needs no
                /// stack cookie. It converts to a span where a kernel takes one.
                /// </summary>
                [InlineArray({{length}})]
                private struct {{BufferTypeName(length)}}
                {
                    private {{_t}} _value;
                }

                """);
        }
    }

    /// <summary>
    /// Whether ForwardBatch takes <see cref="BatchBlocking.Samples"/> samples at a time through every layer
    /// (<see cref="BatchBlocking.Applies"/>): not with ArrayKernels, where the portable kernels would only run the one-sample
    /// kernel on each sample in turn, and the one-sample kernels then take their buffers as arrays (<see cref="BufferType"/>).
    /// </summary>
    private bool BatchBlocks => !Target.ArrayKernels && BatchBlocking.Applies(_shape);

    /// <summary>Whether TrainBatch takes samples a block at a time (<see cref="BatchBlocking.AppliesToTraining"/>): as <see cref="BatchBlocks"/>.</summary>
    private bool BatchBlocksTraining => !Target.ArrayKernels && BatchBlocking.AppliesToTraining(_shape);

    /// <summary>
    /// The type of a kernel parameter that only ever receives a one-sample buffer (<see cref="Buffer"/>): an array with
    /// ArrayKernels, where no batch kernel passes a slice of a block's buffer instead (<see cref="BatchBlocks"/>), else a span.
    /// </summary>
    private string BufferType(bool readOnly) => Target.ArrayKernels ? _t + "[]" : readOnly ? _readOnlySpan : _span;

    /// <summary>
    /// After a method's opening brace, the line that cuts the span parameter <paramref name="v"/> of type
    /// <paramref name="type"/> (a span where null) to its constant length, which lets RyuJIT drop the bounds checks; nothing
    /// for an array, nor with ArrayKernels, where the JIT keeps its bounds checks and the cut only costs.
    /// </summary>
    private string CutToLength(string v, string length, string? type) =>
        Target.ArrayKernels || (type is not null && IsArray(type)) ? string.Empty : $$"""
        
            {{v}} = {{v}}.Slice(0, {{length}});
        """;

    /// <summary>
    /// A local <paramref name="name"/> for the thread's scratch array <paramref name="field"/> of <paramref name="length"/>
    /// elements, made on the thread's first call (<see cref="WriteScratchFields"/> declares the fields). On .NET
    /// Framework and Mono a span from System.Memory costs several times an array to index, so a span read in every row of a
    /// loop is copied into one of these once; a stackalloc'd span would cost as much again.
    /// </summary>
    private string ScratchArray(string name, string field, string length)
    {
        _scratchFields[field] = length;
        return $$"""{{_t}}[] {{name}} = {{field}} ??= new {{_t}}[{{length}}];""";
    }

    /// <summary>
    /// The name to read the argument <paramref name="argument"/> of type <paramref name="type"/> by in every row of a loop:
    /// the argument itself where it is an array; a span copied first into the thread's scratch array <paramref name="field"/>,
    /// which this writes, under the name <paramref name="local"/>.
    /// </summary>
    private string ReadInEveryRow(string local, string argument, string type, string field, string length)
    {
        if (IsArray(type))
        {
            return argument;
        }

        _w.Lines($$"""
            {{ScratchArray(local, field, length)}}
            for (int n = 0; n < {{length}}; n++)
            {
                {{local}}[n] = {{argument}}[n];
            }

            """);
        return local;
    }

    /// <summary>Whether a parameter's type is an array (<see cref="BufferType"/>).</summary>
    private static bool IsArray(string type) => type.EndsWith("[]", System.StringComparison.Ordinal);

    /// <summary>The thread-static fields of the scratch arrays the kernels used, by name, with their lengths.</summary>
    private readonly SortedDictionary<string, string> _scratchFields = new(System.StringComparer.Ordinal);

    /// <summary>Declares the scratch arrays' fields, if any: one per thread, so that Forward stays safe to call from several threads.</summary>
    private void WriteScratchFields()
    {
        if (_scratchFields.Count == 0)
        {
            return;
        }

        _w.Line("// Scratch arrays, one per thread, made on the thread's first call: a span costs more than an array here.");
        foreach (KeyValuePair<string, string> field in _scratchFields)
        {
            _w.Lines($$"""
                [ThreadStatic]
                private static {{_t}}[]? {{field.Key}};   // {{field.Value}}
                """);
        }

        _w.Line();
    }
}
