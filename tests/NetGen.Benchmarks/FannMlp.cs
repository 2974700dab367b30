using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// The FANN peer: a FANN 2.2 network (<c>libfloatfann.so.2</c>, Debian package <c>libfann2</c>) of the same shape,
/// set up to compute the same forward pass as the generated networks, and trained incrementally with FANN's own
/// backpropagation.
/// </summary>
/// <remarks>
/// <para>
/// <c>fann_create_standard_array</c> builds a fully connected network; both layers get <c>FANN_SIGMOID</c> with
/// steepness 0.5. FANN's sigmoid is 1/(1 + exp(−2·s·x)), so s = 0.5 makes it the logistic σ(x) the generated networks
/// use. FANN's bias is an extra neuron at the end of each layer, always 1: its connection into a unit is that unit's
/// bias. <see cref="LoadParameters"/> maps the generated <c>Parameters</c> layout onto those connections.
/// </para>
/// <para>
/// Training is <c>FANN_TRAIN_INCREMENTAL</c> (one weight update per <c>fann_train</c> call) with FANN's defaults
/// otherwise: momentum 0, its error function <c>FANN_ERRORFUNC_TANH</c> (each output difference d stretched to
/// ln((1 + d)/(1 − d)) before it is multiplied by σ'; not cross-entropy) and no weight decay. So <see cref="Train"/> is timed as "one incremental FANN training step on one sample", not as
/// the same arithmetic as the generated <c>TrainSample</c>.
/// </para>
/// <para>
/// Signatures from FANN 2.2.0's headers (<c>fann.h</c>, <c>fann_train.h</c>, <c>fann_io.h</c>, <c>fann_data.h</c> of Debian's
/// <c>libfann-dev</c> 2.2.0+ds-8), with <c>fann_type</c> = <c>float</c> (<c>floatfann.h</c>); <c>FANN_API</c> is empty
/// on Linux, so the C calling convention. The handle is a plain pointer: a SafeHandle would add reference counting to
/// every timed call.
/// </para>
/// </remarks>
public sealed unsafe partial class FannMlp : IDisposable
{
    /// <summary>The float build of FANN, as the Debian package installs it.</summary>
    public const string LibraryName = "libfloatfann.so.2";

    private const int FannSigmoid = 3;            // enum fann_activationfunc_enum: FANN_SIGMOID
    private const int FannTrainIncremental = 0;   // enum fann_train_enum: FANN_TRAIN_INCREMENTAL
    private const float LogisticSteepness = 0.5f; // FANN's sigmoid is 1/(1 + exp(−2·s·x)): s = 0.5 gives σ(x)

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (NativeLibrary.TryLoad(LibraryName, typeof(FannMlp).Assembly, null, out IntPtr handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    });

    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _outputs;
    private readonly float _learningRate;
    private readonly FannConnection[] _connections;
    private readonly (uint From, uint To)[] _structure;
    private readonly int[] _parameterOf;   // connection c (FANN's weight order) holds parameter _parameterOf[c]
    private IntPtr _ann;

    public FannMlp(int inputs, int hidden, int outputs, float learningRate)
    {
        _inputs = inputs;
        _hidden = hidden;
        _outputs = outputs;
        _learningRate = learningRate;
        uint* layers = stackalloc uint[] { (uint)inputs, (uint)hidden, (uint)outputs };
        _ann = fann_create_standard_array(3, layers);
        if (_ann == IntPtr.Zero)
        {
            throw new InvalidOperationException($"fann_create_standard_array failed for {inputs}-{hidden}-{outputs}.");
        }

        Configure();

        int parameterCount = hidden * (inputs + 1) + outputs * (hidden + 1);
        uint connectionCount = fann_get_total_connections(_ann);
        if (connectionCount != parameterCount)
        {
            throw new InvalidOperationException($"FANN has {connectionCount} connections, expected {parameterCount}.");
        }

        _connections = new FannConnection[parameterCount];
        _structure = new (uint, uint)[parameterCount];
        _parameterOf = new int[parameterCount];
        ReadConnections();
        var seen = new bool[parameterCount];
        for (int c = 0; c < parameterCount; c++)
        {
            uint from = _connections[c].FromNeuron;
            uint to = _connections[c].ToNeuron;
            int p = ParameterIndex(from, to);
            if (p < 0 || seen[p])
            {
                throw new InvalidOperationException(
                    $"FANN connection {from} → {to} is not a parameter of a fully connected {inputs}-{hidden}-{outputs} network, or maps to one twice.");
            }

            seen[p] = true;
            _structure[c] = (from, to);
            _parameterOf[c] = p;
        }
    }

    /// <summary>Whether <see cref="LibraryName"/> can be loaded (the Debian package <c>libfann2</c> is installed).</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>
    /// Gives the network parameters in the generated layout: W1 row-major (hidden × inputs), b1, W2 row-major
    /// (outputs × hidden), b2. Throws unless FANN then holds exactly those weights, bit for bit, on the same connections.
    /// </summary>
    /// <remarks>
    /// <c>fann_set_weight</c> searches every connection for the one it sets, so <c>fann_set_weight_array</c> costs
    /// connections² steps: 7.6 s at 784-128-10. Instead the network is saved with <c>fann_save</c>, the weights on the
    /// file's <c>connections</c> line (one <c>(from_neuron, weight)</c> per connection, in the order of
    /// <c>fann_get_connection_array</c>) are replaced, and the file is read back with <c>fann_create_from_file</c>.
    /// </remarks>
    public void LoadParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _parameterOf.Length)
        {
            throw new ArgumentException($"expected {_parameterOf.Length} parameters, got {parameters.Length}", nameof(parameters));
        }

        const string ConnectionsKey = "connections (connected_to_neuron, weight)=";
        string path = Path.Combine(Path.GetTempPath(), $"netgen-fann-{Environment.ProcessId}-{Guid.NewGuid():N}.net");
        try
        {
            if (fann_save(_ann, path) != 0)
            {
                throw new InvalidOperationException($"fann_save to {path} failed.");
            }

            string[] lines = File.ReadAllLines(path);
            int at = Array.FindIndex(lines, l => l.StartsWith(ConnectionsKey, StringComparison.Ordinal));
            if (at < 0)
            {
                throw new InvalidOperationException($"{path}: no line starting with \"{ConnectionsKey}\".");
            }

            var line = new StringBuilder(ConnectionsKey, ConnectionsKey.Length + 24 * _parameterOf.Length);
            for (int c = 0; c < _parameterOf.Length; c++)
            {
                line.Append('(')
                    .Append(_structure[c].From.ToString(CultureInfo.InvariantCulture))
                    .Append(", ")
                    .Append(parameters[_parameterOf[c]].ToString("R", CultureInfo.InvariantCulture))
                    .Append(") ");
            }

            lines[at] = line.ToString();
            File.WriteAllLines(path, lines);
            IntPtr loaded = fann_create_from_file(path);
            if (loaded == IntPtr.Zero)
            {
                throw new InvalidOperationException($"fann_create_from_file({path}) failed.");
            }

            fann_destroy(_ann);
            _ann = loaded;
        }
        finally
        {
            File.Delete(path);
        }

        Configure();
        ReadConnections();
        for (int c = 0; c < _connections.Length; c++)
        {
            FannConnection connection = _connections[c];
            float expected = parameters[_parameterOf[c]];
            if (connection.FromNeuron != _structure[c].From || connection.ToNeuron != _structure[c].To
                || BitConverter.SingleToInt32Bits(connection.Weight) != BitConverter.SingleToInt32Bits(expected))
            {
                throw new InvalidOperationException(
                    $"FANN connection {c} after loading is {connection.FromNeuron} → {connection.ToNeuron} weight {connection.Weight}, expected {_structure[c].From} → {_structure[c].To} weight {expected}.");
            }
        }
    }

    /// <summary>FANN's current weights in the generated layout (see <see cref="LoadParameters"/>).</summary>
    public void StoreParameters(Span<float> destination)
    {
        ReadConnections();
        for (int c = 0; c < _connections.Length; c++)
        {
            destination[_parameterOf[c]] = _connections[c].Weight;
        }
    }

    /// <summary>
    /// One forward pass (<c>fann_run</c>) on <paramref name="input"/>, which FANN reads in place; the outputs are FANN's
    /// own buffer, valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Run(float[] input)
    {
        fixed (float* x = input)
        {
            return new ReadOnlySpan<float>(fann_run(_ann, x), _outputs);
        }
    }

    /// <summary>One incremental training step (<c>fann_train</c>): a forward pass, backpropagation, one weight update.</summary>
    public void Train(float[] input, float[] target)
    {
        fixed (float* x = input)
        fixed (float* t = target)
        {
            fann_train(_ann, x, t);
        }
    }

    public void Dispose()
    {
        if (_ann != IntPtr.Zero)
        {
            fann_destroy(_ann);
            _ann = IntPtr.Zero;
        }
    }

    /// <summary>Logistic sigmoid units in both layers, incremental training at the given learning rate.</summary>
    private void Configure()
    {
        fann_set_activation_function_hidden(_ann, FannSigmoid);
        fann_set_activation_function_output(_ann, FannSigmoid);
        fann_set_activation_steepness_hidden(_ann, LogisticSteepness);
        fann_set_activation_steepness_output(_ann, LogisticSteepness);
        fann_set_training_algorithm(_ann, FannTrainIncremental);
        fann_set_learning_rate(_ann, _learningRate);
    }

    private void ReadConnections()
    {
        fixed (FannConnection* connections = _connections)
        {
            fann_get_connection_array(_ann, connections);
        }
    }

    /// <summary>
    /// Where a connection's weight sits in the generated layout, or −1. FANN numbers the neurons layer by layer, each
    /// layer followed by its bias neuron: inputs 0 … I−1, bias I, hidden I+1 … I+H, bias I+H+1, outputs from I+H+2.
    /// </summary>
    private int ParameterIndex(uint from, uint to)
    {
        long firstHidden = _inputs + 1;
        long firstOutput = firstHidden + _hidden + 1;
        long b1 = (long)_hidden * _inputs;
        long w2 = b1 + _hidden;
        long b2 = w2 + (long)_outputs * _hidden;
        if (to >= firstHidden && to < firstHidden + _hidden)
        {
            long j = to - firstHidden;
            if (from < _inputs)
            {
                return (int)(j * _inputs + from);                      // W1[j, i]
            }

            return from == _inputs ? (int)(b1 + j) : -1;               // b1[j]
        }

        if (to >= firstOutput && to < firstOutput + _outputs)
        {
            long k = to - firstOutput;
            if (from >= firstHidden && from < firstHidden + _hidden)
            {
                return (int)(w2 + k * _hidden + (from - firstHidden)); // W2[k, j]
            }

            return from == firstHidden + _hidden ? (int)(b2 + k) : -1; // b2[k]
        }

        return -1;
    }

    /// <summary><c>struct fann_connection</c> (fann_data.h): from_neuron, to_neuron, weight.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FannConnection
    {
        public uint FromNeuron;
        public uint ToNeuron;
        public float Weight;
    }

    // struct fann *fann_create_standard_array(unsigned int num_layers, const unsigned int *layers);
    [LibraryImport(LibraryName)]
    private static partial IntPtr fann_create_standard_array(uint numLayers, uint* layers);

    // void fann_destroy(struct fann *ann);
    [LibraryImport(LibraryName)]
    private static partial void fann_destroy(IntPtr ann);

    // fann_type *fann_run(struct fann *ann, fann_type *input);
    [LibraryImport(LibraryName)]
    private static partial float* fann_run(IntPtr ann, float* input);

    // void fann_train(struct fann *ann, fann_type *input, fann_type *desired_output);
    [LibraryImport(LibraryName)]
    private static partial void fann_train(IntPtr ann, float* input, float* desiredOutput);

    // void fann_set_activation_function_hidden(struct fann *ann, enum fann_activationfunc_enum activation_function);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_activation_function_hidden(IntPtr ann, int activationFunction);

    // void fann_set_activation_function_output(struct fann *ann, enum fann_activationfunc_enum activation_function);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_activation_function_output(IntPtr ann, int activationFunction);

    // void fann_set_activation_steepness_hidden(struct fann *ann, fann_type steepness);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_activation_steepness_hidden(IntPtr ann, float steepness);

    // void fann_set_activation_steepness_output(struct fann *ann, fann_type steepness);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_activation_steepness_output(IntPtr ann, float steepness);

    // void fann_set_training_algorithm(struct fann *ann, enum fann_train_enum training_algorithm);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_training_algorithm(IntPtr ann, int trainingAlgorithm);

    // void fann_set_learning_rate(struct fann *ann, float learning_rate);
    [LibraryImport(LibraryName)]
    private static partial void fann_set_learning_rate(IntPtr ann, float learningRate);

    // unsigned int fann_get_total_connections(struct fann *ann);
    [LibraryImport(LibraryName)]
    private static partial uint fann_get_total_connections(IntPtr ann);

    // void fann_get_connection_array(struct fann *ann, struct fann_connection *connections);
    [LibraryImport(LibraryName)]
    private static partial void fann_get_connection_array(IntPtr ann, FannConnection* connections);

    // int fann_save(struct fann *ann, const char *configuration_file);   (fann_io.h; 0 on success)
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fann_save(IntPtr ann, string configurationFile);

    // struct fann *fann_create_from_file(const char *configuration_file);   (fann_io.h)
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr fann_create_from_file(string configurationFile);
}
