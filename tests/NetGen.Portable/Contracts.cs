using System;
using System.IO;
using NetGen.Tests;

namespace NetGen.Portable
{
    /// <summary>
    /// The generated API of one network. The generated public members satisfy it directly (a change of their signatures
    /// breaks this build); only the sizes and the weight-file length, constants, are forwarded by each declaration.
    /// </summary>
    public interface IPortableNetwork<T>
        where T : unmanaged
    {
        /// <summary>LayerSizes: inputs, each hidden layer, outputs.</summary>
        int[] Sizes { get; }

        /// <summary>WeightFileLength.</summary>
        int WeightFileBytes { get; }

        Span<T> Parameters { get; }

        Span<T> Gradients { get; }

        void Forward(ReadOnlySpan<T> input, Span<T> output);

        T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

        void Step(T learningRate, T l2, int trainingSetSize);

        T TrainSample(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate, T l2, int trainingSetSize);

        void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

        T TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T learningRate, T l2, int trainingSetSize);

        void ZeroGradients();

        void InitializeParameters(int seed);

        int Save(Span<byte> destination);

        void Save(Stream stream);

        void Load(ReadOnlySpan<byte> source);

        void Load(Stream stream);
    }

    /// <summary>
    /// One declared configuration: its golden case (or null), sizes and options as the oracles name them, and how to make
    /// its float network and its double twin.
    /// </summary>
    public sealed class Spec
    {
        public Spec(string? golden, int[] sizes, string activation, string head, string kernels, string optimizer,
            Func<IPortableNetwork<float>> makeSingle, Func<IPortableNetwork<double>> makeDouble)
        {
            Golden = golden;
            Sizes = sizes;
            Activation = activation;
            Head = head;
            Kernels = kernels;
            Optimizer = optimizer;
            MakeSingle = makeSingle;
            MakeDouble = makeDouble;
        }

        public string? Golden { get; }

        public int[] Sizes { get; }

        /// <summary>"sigmoid", "tanh" or "relu", as DeepNaiveMlp and the golden files name them.</summary>
        public string Activation { get; }

        /// <summary>"sigmoid", "softmax" or "identity".</summary>
        public string Head { get; }

        /// <summary>"Unrolled" or "Simd": what the declaration asks for.</summary>
        public string Kernels { get; }

        public string Optimizer { get; }

        public Func<IPortableNetwork<float>> MakeSingle { get; }

        public Func<IPortableNetwork<double>> MakeDouble { get; }

        public string Shape
        {
            get { return string.Join("-", Sizes); }
        }

        public override string ToString()
        {
            return Shape + " " + Activation + "/" + Head + (Optimizer == "Sgd" ? "" : " " + Optimizer) + " " + Kernels;
        }
    }

    /// <summary>
    /// A network of either precision seen in double, so that every check is written once without generic math (which
    /// net48 lacks). Values go in rounded to the network's precision and come out exactly (float to double is exact), so
    /// bit-for-bit comparisons through this view are bit-for-bit comparisons of the network's own numbers.
    /// </summary>
    public abstract class Net
    {
        /// <summary>"float" or "double".</summary>
        public abstract string Precision { get; }

        /// <summary>The precision's rounding model (unit roundoff, γ_n), from the linked ErrorBoundedReference.cs.</summary>
        public abstract RoundingModel Rounding { get; }

        /// <summary>The generated class, for the kind-of-code check.</summary>
        public abstract Type Type { get; }

        public abstract int[] Sizes { get; }

        public abstract int WeightFileBytes { get; }

        public abstract int ParameterCount { get; }

        /// <summary><paramref name="value"/> rounded to the network's precision and back.</summary>
        public abstract double Round(double value);

        /// <summary>The tolerance the golden tests use for a result <paramref name="roundings"/> roundings deep (Num.Tolerance).</summary>
        public abstract double Tolerance(int roundings);

        public abstract double[] GetParameters();

        public abstract void SetParameters(double[] values);

        public abstract void SetParameter(int index, double value);

        public abstract double[] GetGradients();

        public abstract double[] Forward(double[] input);

        public abstract double Backward(double[] input, double[] target);

        public abstract void Step(double learningRate, double l2, int trainingSetSize);

        public abstract double TrainSample(double[] input, double[] target, double learningRate, double l2, int trainingSetSize);

        /// <summary>ForwardBatch on <paramref name="inputs"/>, a row-major batch; returns the row-major outputs.</summary>
        public abstract double[] ForwardBatch(double[] inputs);

        public abstract double TrainBatch(double[] inputs, double[] targets, double learningRate, double l2, int trainingSetSize);

        public abstract void ZeroGradients();

        public abstract void InitializeParameters(int seed);

        public abstract byte[] Save();

        public abstract void Load(byte[] file);

        public abstract void Save(Stream stream);

        public abstract void Load(Stream stream);

        public double[] Round(double[] values)
        {
            var result = new double[values.Length];
            for (int n = 0; n < values.Length; n++)
            {
                result[n] = Round(values[n]);
            }

            return result;
        }
    }

    public sealed class SingleNet : Net
    {
        private readonly IPortableNetwork<float> network;

        public SingleNet(IPortableNetwork<float> network)
        {
            this.network = network;
        }

        public override string Precision
        {
            get { return "float"; }
        }

        public override RoundingModel Rounding
        {
            get { return RoundingModel.Single; }
        }

        public override Type Type
        {
            get { return network.GetType(); }
        }

        public override int[] Sizes
        {
            get { return network.Sizes; }
        }

        public override int WeightFileBytes
        {
            get { return network.WeightFileBytes; }
        }

        public override int ParameterCount
        {
            get { return network.Parameters.Length; }
        }

        public override double Round(double value)
        {
            return (float)value;
        }

        public override double Tolerance(int roundings)
        {
            return Num.Tolerance<float>(roundings);
        }

        public override double[] GetParameters()
        {
            return ToDouble(network.Parameters);
        }

        public override void SetParameters(double[] values)
        {
            if (values.Length != network.Parameters.Length)
            {
                throw new ArgumentException("expected " + network.Parameters.Length + " parameters, got " + values.Length);
            }

            From(values).AsSpan().CopyTo(network.Parameters);
        }

        public override void SetParameter(int index, double value)
        {
            network.Parameters[index] = (float)value;
        }

        public override double[] GetGradients()
        {
            return ToDouble(network.Gradients);
        }

        public override double[] Forward(double[] input)
        {
            var output = new float[network.Sizes[network.Sizes.Length - 1]];
            network.Forward(From(input), output);
            return ToDouble(output);
        }

        public override double Backward(double[] input, double[] target)
        {
            return network.Backward(From(input), From(target));
        }

        public override void Step(double learningRate, double l2, int trainingSetSize)
        {
            network.Step((float)learningRate, (float)l2, trainingSetSize);
        }

        public override double TrainSample(double[] input, double[] target, double learningRate, double l2, int trainingSetSize)
        {
            return network.TrainSample(From(input), From(target), (float)learningRate, (float)l2, trainingSetSize);
        }

        public override double[] ForwardBatch(double[] inputs)
        {
            int[] sizes = network.Sizes;
            var outputs = new float[inputs.Length / sizes[0] * sizes[sizes.Length - 1]];
            network.ForwardBatch(From(inputs), outputs);
            return ToDouble(outputs);
        }

        public override double TrainBatch(double[] inputs, double[] targets, double learningRate, double l2, int trainingSetSize)
        {
            return network.TrainBatch(From(inputs), From(targets), (float)learningRate, (float)l2, trainingSetSize);
        }

        public override void ZeroGradients()
        {
            network.ZeroGradients();
        }

        public override void InitializeParameters(int seed)
        {
            network.InitializeParameters(seed);
        }

        public override byte[] Save()
        {
            var file = new byte[network.WeightFileBytes];
            int written = network.Save(file);
            if (written != file.Length)
            {
                throw new InvalidOperationException("Save wrote " + written + " bytes, WeightFileLength is " + file.Length);
            }

            return file;
        }

        public override void Load(byte[] file)
        {
            network.Load(file);
        }

        public override void Save(Stream stream)
        {
            network.Save(stream);
        }

        public override void Load(Stream stream)
        {
            network.Load(stream);
        }

        private static float[] From(double[] values)
        {
            var result = new float[values.Length];
            for (int n = 0; n < values.Length; n++)
            {
                result[n] = (float)values[n];
            }

            return result;
        }

        private static double[] ToDouble(ReadOnlySpan<float> values)
        {
            var result = new double[values.Length];
            for (int n = 0; n < values.Length; n++)
            {
                result[n] = values[n];
            }

            return result;
        }
    }

    public sealed class DoubleNet : Net
    {
        private readonly IPortableNetwork<double> network;

        public DoubleNet(IPortableNetwork<double> network)
        {
            this.network = network;
        }

        public override string Precision
        {
            get { return "double"; }
        }

        public override RoundingModel Rounding
        {
            get { return RoundingModel.Double; }
        }

        public override Type Type
        {
            get { return network.GetType(); }
        }

        public override int[] Sizes
        {
            get { return network.Sizes; }
        }

        public override int WeightFileBytes
        {
            get { return network.WeightFileBytes; }
        }

        public override int ParameterCount
        {
            get { return network.Parameters.Length; }
        }

        public override double Round(double value)
        {
            return value;
        }

        public override double Tolerance(int roundings)
        {
            return Num.Tolerance<double>(roundings);
        }

        public override double[] GetParameters()
        {
            return network.Parameters.ToArray();
        }

        public override void SetParameters(double[] values)
        {
            if (values.Length != network.Parameters.Length)
            {
                throw new ArgumentException("expected " + network.Parameters.Length + " parameters, got " + values.Length);
            }

            values.AsSpan().CopyTo(network.Parameters);
        }

        public override void SetParameter(int index, double value)
        {
            network.Parameters[index] = value;
        }

        public override double[] GetGradients()
        {
            return network.Gradients.ToArray();
        }

        public override double[] Forward(double[] input)
        {
            var output = new double[network.Sizes[network.Sizes.Length - 1]];
            network.Forward(input, output);
            return output;
        }

        public override double Backward(double[] input, double[] target)
        {
            return network.Backward(input, target);
        }

        public override void Step(double learningRate, double l2, int trainingSetSize)
        {
            network.Step(learningRate, l2, trainingSetSize);
        }

        public override double TrainSample(double[] input, double[] target, double learningRate, double l2, int trainingSetSize)
        {
            return network.TrainSample(input, target, learningRate, l2, trainingSetSize);
        }

        public override double[] ForwardBatch(double[] inputs)
        {
            int[] sizes = network.Sizes;
            var outputs = new double[inputs.Length / sizes[0] * sizes[sizes.Length - 1]];
            network.ForwardBatch(inputs, outputs);
            return outputs;
        }

        public override double TrainBatch(double[] inputs, double[] targets, double learningRate, double l2, int trainingSetSize)
        {
            return network.TrainBatch(inputs, targets, learningRate, l2, trainingSetSize);
        }

        public override void ZeroGradients()
        {
            network.ZeroGradients();
        }

        public override void InitializeParameters(int seed)
        {
            network.InitializeParameters(seed);
        }

        public override byte[] Save()
        {
            var file = new byte[network.WeightFileBytes];
            int written = network.Save(file);
            if (written != file.Length)
            {
                throw new InvalidOperationException("Save wrote " + written + " bytes, WeightFileLength is " + file.Length);
            }

            return file;
        }

        public override void Load(byte[] file)
        {
            network.Load(file);
        }

        public override void Save(Stream stream)
        {
            network.Save(stream);
        }

        public override void Load(Stream stream)
        {
            network.Load(stream);
        }
    }
}
