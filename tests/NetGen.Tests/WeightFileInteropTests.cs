using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Claims of docs/weight-file-format.md and docs/bad-numbers.md not covered by WeightFileTests: files move between
/// kernels and optimizers; NaN and ±∞ are stored as they are and the next training call reports "the loss is NaN";
/// the documented length and header of a deep double network, with an independent CRC-32; Load(Stream) refuses
/// another network's file after reading no more than this network's header.
/// </summary>
public class WeightFileInteropTests
{
    /// <summary>"Kernels and Optimizer are not in the file": unrolled → SIMD, and between SGD, Momentum and Adam.</summary>
    [Fact]
    public void FileOfAnUnrolledNetworkLoadsIntoTheSimdOne_AndAcrossOptimizers()
    {
        var random = new Random(44);

        // Unrolled → SIMD, same optimizer.
        Move(random, new Net4x6x2MomentumUnrolledF(), new Net4x6x2MomentumSimdF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net4x6x2AdamUnrolledF(), new Net4x6x2AdamSimdF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net241F(), new Net2x4x1SimdF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));

        // SGD ↔ Adam and SGD ↔ Momentum (the SGD 4-6-2 networks are declared below), and across both at once.
        Move(random, new Interop462SgdSimdF(), new Net4x6x2AdamUnrolledF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net4x6x2AdamSimdF(), new Interop462SgdSimdF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net4x6x2MomentumUnrolledF(), new Interop462SgdSimdF(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Interop462SgdUnrolledD(), new Net4x6x2AdamSimdD(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net4x6x2AdamSimdD(), new Interop462SgdUnrolledD(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new Net4x6x2MomentumUnrolledD(), new Net4x6x2AdamSimdD(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new DeepAdam6543(), new DeepMomentum6543(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
        Move(random, new DeepMomentum6543(), new DeepAdam6543(), n => n.Parameters, n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f));
    }

    /// <summary>
    /// "Parameters are stored as they are, NaN and infinities included"; "Load accepts any parameter values, NaN
    /// included …; the first training call then reports "the loss is NaN"" (docs/bad-numbers.md).
    /// </summary>
    [Fact]
    public void NaNAndInfinityAreStoredAsTheyAre_AndTheNextTrainingCallSaysTheLossIsNaN()
    {
        Assert.Contains("the first training call then reports \"the loss is NaN\"", Doc("bad-numbers.md").ReplaceLineEndings(" "));

        float nanF = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC01234));   // a NaN with a sign and a payload
        double nanD = BitConverter.Int64BitsToDouble(0x7FF8_0000_0BAD_F00DL);
        StoredAsIs(new Net241F(), new Net241F(), n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f),
            (n, x, t) => n.TrainSample(x, t, 0.1f, 0f, 4), nanF, float.PositiveInfinity, float.NegativeInfinity);
        StoredAsIs(new Net2x4x1SimdF(), new Net2x4x1SimdF(), n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f),
            (n, x, t) => n.TrainSample(x, t, 0.1f, 0f, 4), nanF, float.PositiveInfinity, float.NegativeInfinity);
        StoredAsIs(new Net241D(), new Net241D(), n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f),
            (n, x, t) => n.TrainSample(x, t, 0.1, 0, 4), nanD, double.PositiveInfinity, double.NegativeInfinity);
        StoredAsIs(new DeepAdam6543(), new DeepAdam6543(), n => n.Parameters, (n, f) => n.Save(f), (n, f) => n.Load(f),
            (n, x, t) => n.TrainSample(x, t, 0.1, 0, 4), nanD, double.PositiveInfinity, double.NegativeInfinity);
    }

    /// <summary>"The total is 24 + 4n + s·P bytes: 104 for [Mlp(2, 4, 1)], 437,584 for [Mlp(784, 128, 64, 10)]."</summary>
    [Fact]
    public void WeightFileLength_IsTheDocumentedFormula()
    {
        Assert.Contains("The total is 24 + 4n + s·P bytes: 104 for `[Mlp(2, 4, 1)]`, 437,584 for `[Mlp(784, 128, 64, 10)]`.", Doc("weight-file-format.md"));
        Assert.Equal(104, Net241F.WeightFileLength);
        Assert.Equal(24 + (4 * 3) + (4 * Net241F.ParameterCount), Net241F.WeightFileLength);

        int p = (784 * 128) + 128 + (128 * 64) + 64 + (64 * 10) + 10;
        Assert.Equal(DeepNet784_128_64_10.ParameterCount, p);
        Assert.Equal(437_584, DeepNet784_128_64_10.WeightFileLength);
        Assert.Equal(DeepNet784_128_64_10.WeightFileLength, 24 + (4 * DeepNet784_128_64_10.LayerSizes.Length) + (4 * p));
        var file = new byte[DeepNet784_128_64_10.WeightFileLength + 9];
        Assert.Equal(437_584, new DeepNet784_128_64_10().Save(file));

        int pd = Deep8_10_6_4TanhSoftmaxSimdD.ParameterCount;
        Assert.Equal(Deep8_10_6_4TanhSoftmaxSimdD.WeightFileLength, 24 + (4 * 4) + (8 * pd));
    }

    /// <summary>The documented layout, field by field at the documented offsets, for a deep double network (8-10-6-4, tanh, softmax).</summary>
    [Fact]
    public void DeepDoubleNetwork_HeaderFieldsAtTheDocumentedOffsets_WithAnIndependentCrc32()
    {
        var net = new Deep8_10_6_4TanhSoftmaxSimdD();
        net.InitializeParameters(9);
        net.Parameters[3] = -0.0;
        int n = 4, p = Deep8_10_6_4TanhSoftmaxSimdD.ParameterCount;
        var file = new byte[24 + (4 * n) + (8 * p)];
        Assert.Equal(file.Length, net.Save(file));

        Assert.Equal("NETGENWT"u8.ToArray(), file[..8]);                                // 0: magic
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));      // 8: version
        Assert.Equal(1, file[10]);                                                     // 10: Precision.Double
        Assert.Equal(1, file[11]);                                                     // 11: Activation.Tanh
        Assert.Equal(1, file[12]);                                                     // 12: Output.Softmax
        Assert.Equal(0, file[13]);                                                     // 13: reserved
        Assert.Equal(n, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(14)));     // 14: n
        int[] sizes = [8, 10, 6, 4];
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(sizes[k], BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16 + (4 * k))));   // 16: the sizes
        }

        Assert.Equal(p, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16 + (4 * n))));  // 16 + 4n: P
        for (int k = 0; k < p; k++)
        {
            long stored = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(20 + (4 * n) + (8 * k)));   // 20 + 4n: parameters
            Assert.True(BitConverter.DoubleToInt64Bits(net.Parameters[k]) == stored, $"parameter {k}: stored bits {stored:X16}");
        }

        int crcAt = 20 + (4 * n) + (8 * p);
        Assert.Equal(file.Length - 4, crcAt);
        Assert.Equal(Crc32(file.AsSpan(0, crcAt)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(crcAt)));
        Assert.Equal(0xCBF43926u, Crc32("123456789"u8));   // the documented check value
    }

    /// <summary>
    /// Load(Stream) refuses another network's file having read no more than this network's header (20 + 4n bytes):
    /// the parameters of a file that does not fit are never read.
    /// </summary>
    [Fact]
    public void LoadStream_RefusesAnotherNetworksFile_BeforeReadingPastTheHeader()
    {
        var deep = new Deep3_8_8_2SigmoidSigmoidUnrolledF();
        deep.InitializeParameters(1);
        var shallow = new Net241F();
        shallow.InitializeParameters(2);
        var shallowD = new Net241D();
        shallowD.InitializeParameters(3);

        // Another depth (n = 4 into n = 3), another precision (same sizes), and n = 3 into n = 4.
        Refused(Saved(deep.Save, Deep3_8_8_2SigmoidSigmoidUnrolledF.WeightFileLength), s => new Net241F().Load(s), 20 + (4 * 3));
        Refused(Saved(shallowD.Save, Net241D.WeightFileLength), s => new Net241F().Load(s), 20 + (4 * 3));
        Refused(Saved(shallow.Save, Net241F.WeightFileLength), s => new Deep3_8_8_2SigmoidSigmoidUnrolledF().Load(s), 20 + (4 * 4));
    }

    private static byte[] Saved(SaveSpan save, int length)
    {
        var file = new byte[length];
        save(file);
        return file;
    }

    private delegate int SaveSpan(Span<byte> destination);

    private static void Refused(byte[] file, Action<Stream> load, int headerLength)
    {
        using var stream = new CountingStream(file);
        Assert.Throws<InvalidDataException>(() => load(stream));
        Assert.True(stream.BytesRead <= headerLength, $"Load(Stream) read {stream.BytesRead} bytes of a {file.Length}-byte file before refusing it; the header is {headerLength}");
        Assert.True(stream.Position <= headerLength, $"the stream is at {stream.Position}");
    }

    private static void Move<TFrom, TTo, T>(
        Random random, TFrom from, TTo to, Func<TFrom, Span<T>> fromParameters, Func<TTo, Span<T>> toParameters,
        Func<TFrom, Span<byte>, int> save, Action<TTo, ReadOnlySpan<byte>> load)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Span<T> source = fromParameters(from);
        Num.From<T>(Num.Uniform(random, source.Length, -3, 3)).CopyTo(source);
        Num.From<T>(Num.Uniform(random, source.Length, -3, 3)).CopyTo(toParameters(to));
        var file = new byte[64 * 1024];
        int length = save(from, file);
        load(to, file.AsSpan(0, length));
        Assert.True(
            MemoryMarshal.AsBytes(fromParameters(from)).SequenceEqual(MemoryMarshal.AsBytes(toParameters(to))),
            $"{typeof(TFrom).Name} → {typeof(TTo).Name}: the loaded parameters are not the saved ones, bit for bit");
    }

    private static void StoredAsIs<TNet, T>(
        TNet saver, TNet loader, Func<TNet, Span<T>> parameters, Func<TNet, Span<byte>, int> save, Action<TNet, ReadOnlySpan<byte>> load,
        Func<TNet, T[], T[], T> trainSample, T nan, T plusInfinity, T minusInfinity)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Span<T> p = parameters(saver);
        Num.From<T>(Num.Uniform(new Random(p.Length), p.Length, -1, 1)).CopyTo(p);
        p[0] = nan;
        p[p.Length / 2] = plusInfinity;
        p[^1] = minusInfinity;
        var file = new byte[64 * 1024];
        int length = save(saver, file);
        load(loader, file.AsSpan(0, length));
        byte[] before = MemoryMarshal.AsBytes(parameters(loader)).ToArray();
        Assert.True(MemoryMarshal.AsBytes(parameters(saver)).SequenceEqual(before), typeof(TNet).Name + ": NaN and ±∞ did not come back bit for bit");

        int inputs = typeof(TNet).GetField("InputCount")!.GetValue(null) is int i ? i : 0;
        int outputs = typeof(TNet).GetField("OutputCount")!.GetValue(null) is int o ? o : 0;
        var x = new T[inputs];
        var t = new T[outputs];
        Num.From<T>(Num.Uniform(new Random(1), inputs, -1, 1)).CopyTo(x, 0);
        t[0] = Num.From<T>(1);
        var e = Assert.Throws<NotFiniteNumberException>(() => trainSample(loader, x, t));
        Assert.Contains("the loss is NaN", e.Message);
        Assert.True(MemoryMarshal.AsBytes(parameters(loader)).SequenceEqual(before), typeof(TNet).Name + ": the refused step changed a parameter");
    }

    /// <summary>CRC-32 (IEEE): reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF, bit by bit.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static string Doc(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "docs", name));

    /// <summary>A read-only stream over a byte array that counts the bytes handed out.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            int read = base.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override int ReadByte()
        {
            int b = base.ReadByte();
            BytesRead += b < 0 ? 0 : 1;
            return b;
        }
    }
}

[Mlp(4, 6, 2, Kernels = Kernels.Simd)]
public partial class Interop462SgdSimdF
{
}

[Mlp(4, 6, 2, Precision = Precision.Double, Kernels = Kernels.Unrolled)]
public partial class Interop462SgdUnrolledD
{
}
