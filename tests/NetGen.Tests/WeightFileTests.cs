using System;
using System.IO;
using System.Linq;
using NetGen.Testing;
using Xunit;

namespace NetGen.Tests;

/// <summary>The generated Save and Load overloads, which the generated classes satisfy directly.</summary>
public interface IWeightFile
{
    Span<byte> ParameterBytes { get; }

    int Save(Span<byte> destination);

    void Save(Stream stream);

    void Load(ReadOnlySpan<byte> source);

    void Load(Stream stream);

    void InitializeParameters(int seed);
}

/// <summary>
/// Save and Load: round trips through both overloads, the documented byte layout against an independent CRC-32,
/// and refusal, with the parameters left exactly as they were, of files for other networks, of other versions, of
/// every truncation and of every single corrupted byte.
/// </summary>
public class WeightFileTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public WeightFileTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Networks => new() { "2-4-1 float unrolled", "3-5-2 double SIMD", "784-128-64-10 float SIMD relu softmax", "6-5-4-3 double tanh softmax Adam" };

    private static IWeightFile Make(string name) => name switch
    {
        "2-4-1 float unrolled" => new Net241F(),
        "3-5-2 double SIMD" => new Net3x5x2SimdD(),
        "784-128-64-10 float SIMD relu softmax" => new DeepNet784_128_64_10(),
        "6-5-4-3 double tanh softmax Adam" => new DeepAdam6543(),
        _ => throw new ArgumentException(name),
    };

    private static int LengthOf(string name) => name switch
    {
        "2-4-1 float unrolled" => Net241F.WeightFileLength,
        "3-5-2 double SIMD" => Net3x5x2SimdD.WeightFileLength,
        "784-128-64-10 float SIMD relu softmax" => DeepNet784_128_64_10.WeightFileLength,
        _ => DeepAdam6543.WeightFileLength,
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void RoundTrip_ThroughSpansAndStreams_IsBitExact(string name)
    {
        IWeightFile source = Make(name), viaSpan = Make(name), viaStream = Make(name);
        source.InitializeParameters(17);
        var file = new byte[LengthOf(name) + 5];
        Assert.Equal(LengthOf(name), source.Save(file));
        Assert.All(file.Skip(LengthOf(name)), b => Assert.Equal(0, b));

        viaSpan.Load(file.AsSpan(0, LengthOf(name)));
        Assert.True(viaSpan.ParameterBytes.SequenceEqual(source.ParameterBytes), name + ": span round trip");

        using var stream = new MemoryStream();
        source.Save(stream);
        Assert.Equal(file.AsSpan(0, LengthOf(name)).ToArray(), stream.ToArray());
        stream.WriteByte(0xAB);   // whatever follows the file in the stream is not read
        stream.Position = 0;
        viaStream.Load(stream);
        Assert.Equal(LengthOf(name), stream.Position);
        Assert.True(viaStream.ParameterBytes.SequenceEqual(source.ParameterBytes), name + ": stream round trip");
    }

    /// <summary>The documented layout, byte by byte, for [Mlp(2, 4, 1)], with the CRC-32 recomputed bit by bit here.</summary>
    [Fact]
    public void Layout_IsTheDocumentedOne()
    {
        var net = new Net241F();
        net.InitializeParameters(3);
        var file = new byte[Net241F.WeightFileLength];
        net.Save(file);
        Assert.Equal(16 + (3 * 4) + 4 + (17 * 4) + 4, file.Length);
        Assert.Equal("NETGENWT"u8.ToArray(), file[..8]);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 3, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 17, 0, 0, 0 }, file[8..32]);
        for (int n = 0; n < 17; n++)
        {
            Assert.Equal(net.Parameters[n], BitConverter.ToSingle(file, 32 + (4 * n)));
        }

        Assert.Equal(BitwiseCrc32(file.AsSpan(0, file.Length - 4)), BitConverter.ToUInt32(file, file.Length - 4));
        Assert.Equal(0xCBF43926u, BitwiseCrc32("123456789"u8));   // the check value of CRC-32/ISO-HDLC
    }

    /// <summary>
    /// How many of 784-128-64-10's 437,544 parameter bytes are corrupted: drawn with a fixed seed, all distinct. Every
    /// Load of that file computes a CRC-32 over 437,580 bytes; measured on the 2-core CI machine under load, 7 ms a
    /// Load, so every byte with both masks would take over an hour (CRC-32 does catch any change within one byte).
    /// </summary>
    private const int SampledParameterBytes = 1_024;

    /// <summary>
    /// Corrupted and truncated copies of the files of all four networks, each refused with the parameters left as they
    /// were. Every byte of a file, in turn, is changed in one bit and in all eight; for 784-128-64-10 (437,584 bytes,
    /// each Load a CRC-32 of the whole file) every byte of the header and the checksum, and
    /// <see cref="SampledParameterBytes"/> parameter bytes drawn with a fixed seed. Every truncation, from 0 bytes to one
    /// short, through a span and through a stream. Counts the refusals and checks the README's hardening row against them.
    /// </summary>
    [Fact]
    public void CorruptedAndTruncatedFiles_AreRefused_AndLeaveTheParameters()
    {
        int corrupted = 0, truncated = 0;
        foreach (string name in ((System.Collections.Generic.IEnumerable<object[]>)Networks).Select(row => (string)row[0]))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            IWeightFile source = Make(name), target = Make(name);
            source.InitializeParameters(1);
            target.InitializeParameters(2);
            byte[] file = new byte[LengthOf(name)];
            source.Save(file);
            byte[] before = target.ParameterBytes.ToArray();
            int header = file.Length - 4 - before.Length;
            Assert.Equal("NETGENWT"u8.ToArray(), file[..8]);
            Assert.True(header >= 24, $"{name}: a header of {header} bytes");

            foreach (int at in CorruptedPositions(file.Length, header))
            {
                foreach (byte mask in new byte[] { 0x01, 0xFF })
                {
                    file[at] ^= mask;
                    InvalidDataException error = Assert.Throws<InvalidDataException>(() => target.Load(file));
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                    file[at] ^= mask;
                    corrupted++;
                }
            }

            long corruptedAt = clock.ElapsedMilliseconds;
            for (int length = 0; length < file.Length; length++)
            {
                Assert.Throws<InvalidDataException>(() => target.Load(file.AsSpan(0, length)));
                Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(file, 0, length, writable: false)));
                truncated += 2;
            }

            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => target.Load(file.AsSpan(0, file.Length - 1))).Message);
            Assert.True(target.ParameterBytes.SequenceEqual(before), name + ": a refused file changed the parameters");
            target.Load(file);   // and the intact file, after all that, still loads
            Assert.True(target.ParameterBytes.SequenceEqual(source.ParameterBytes), name + ": the intact file did not load");
            int loads = 2 * CorruptedPositions(file.Length, header).Length;
            _output.WriteLine($"{name}: {file.Length:N0} bytes; {loads:N0} corrupted loads in {corruptedAt} ms ({(double)corruptedAt / loads:F3} ms each: every byte, both masks, would take {(double)corruptedAt / loads * 2 * file.Length / 1000:F1} s); {2 * file.Length:N0} truncated loads in {clock.ElapsedMilliseconds - corruptedAt} ms");
        }

        HardeningTable.AssertCases("corrupted weight files", $"{HardeningTable.N(corrupted)} corrupted + {HardeningTable.N(truncated)} truncated");
    }

    /// <summary>
    /// Every byte of a file, or, for a file of more than 10,000 bytes, every byte of its header and checksum and
    /// <see cref="SampledParameterBytes"/> distinct parameter bytes drawn with a fixed seed.
    /// </summary>
    private static int[] CorruptedPositions(int length, int header)
    {
        if (length <= 10_000)
        {
            return Enumerable.Range(0, length).ToArray();
        }

        var random = new Random(97);
        var sample = new System.Collections.Generic.HashSet<int>();
        while (sample.Count < SampledParameterBytes)
        {
            sample.Add(random.Next(header, length - 4));
        }

        return Enumerable.Range(0, header).Concat(sample.Order()).Concat(Enumerable.Range(length - 4, 4)).ToArray();
    }

    [Fact]
    public void LongerFiles_AreRefused_ThroughSpansAndStreams()
    {
        var target = new Net241F();
        target.InitializeParameters(2);
        byte[] file = SavedXor();
        float[] before = target.Parameters.ToArray();
        InvalidDataException longer = Assert.Throws<InvalidDataException>(() => target.Load(file.Concat(new byte[1]).ToArray()));
        Assert.Contains("pass exactly one file", longer.Message);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void FilesOfOtherNetworks_AreRefused_WithWhatSavedThem()
    {
        var target = new Net241F();
        float[] before = target.Parameters.ToArray();

        var other = new Net352F();
        var file = new byte[Net352F.WeightFileLength];
        other.Save(file);
        string message = Assert.Throws<InvalidDataException>(() => target.Load(file)).Message;
        Assert.Contains("saved by a network declared [Mlp(3, 5, 2)]", message);
        Assert.Contains("Net241F is [Mlp(2, 4, 1)]", message);
        Assert.Contains("[Mlp(3, 5, 2)]", Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(file))).Message);

        var precise = new Net241D();
        file = new byte[Net241D.WeightFileLength];
        precise.Save(file);
        Assert.Contains("[Mlp(2, 4, 1, Precision = Double)]", Assert.Throws<InvalidDataException>(() => target.Load(file)).Message);

        var tanh = new Net4x6x1TanhUnrolledF();
        file = new byte[Net4x6x1TanhUnrolledF.WeightFileLength];
        tanh.Save(file);
        Assert.Contains("[Mlp(4, 6, 1, Activation = Tanh)]", Assert.Throws<InvalidDataException>(() => target.Load(file)).Message);

        var deep = new DeepNet784_128_64_10();
        Assert.Contains("[Mlp(2, 4, 1)]", Assert.Throws<InvalidDataException>(() => deep.Load(SavedXor())).Message);
        Assert.Contains("is [Mlp(784, 128, 64, 10, Output = Softmax)]", Assert.Throws<InvalidDataException>(() => deep.Load(SavedXor())).Message);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void OtherVersionsAndOtherFormats_AreRefused()
    {
        var target = new Net241F();
        byte[] file = SavedXor();
        foreach (byte version in new byte[] { 0, 3, 255 })
        {
            file[8] = version;
            Assert.Contains($"format version {version}, and this network reads versions 1 and 2", Assert.Throws<InvalidDataException>(() => target.Load(file)).Message);
        }

        Assert.Contains("not a NetGen weight file", Assert.Throws<InvalidDataException>(() => target.Load("PK\u0003\u0004 a zip"u8)).Message);
        Assert.Contains("not a NetGen weight file", Assert.Throws<InvalidDataException>(() => target.Load("NETX"u8)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => target.Load("NETG"u8)).Message);
    }

    /// <summary>
    /// A version-1 file (NetGen 0.1: every W row-major) loads, its W1 mapped to the input-major layout: built here from a
    /// saved version-2 file by hand, W1 written row by row and the version and CRC-32 set as 0.1 wrote them.
    /// </summary>
    [Fact]
    public void Version1Files_Load_WithW1MappedToItsInputMajorPlace()
    {
        foreach ((string name, int[] sizes, int size) in new[] { ("2-4-1 float unrolled", new[] { 2, 4, 1 }, 4), ("6-5-4-3 double tanh softmax Adam", new[] { 6, 5, 4, 3 }, 8) })
        {
            IWeightFile source = Make(name), target = Make(name);
            source.InitializeParameters(11);
            byte[] file = new byte[LengthOf(name)];
            source.Save(file);
            int header = 16 + (4 * sizes.Length) + 4;
            byte[] version1 = (byte[])file.Clone();
            version1[8] = 1;
            for (int j = 0; j < sizes[1]; j++)
            {
                for (int i = 0; i < sizes[0]; i++)
                {
                    // Version 1 holds w_ji at j·inputs + i; the network holds it at i·units + j.
                    Array.Copy(file, header + (size * ParameterLayout.WeightAt(sizes, 1, j, i)), version1, header + (size * ((j * sizes[0]) + i)), size);
                }
            }

            BitConverter.GetBytes(BitwiseCrc32(version1.AsSpan(0, version1.Length - 4))).CopyTo(version1, version1.Length - 4);
            Assert.NotEqual(file, version1);
            target.Load(version1);
            Assert.Equal(source.ParameterBytes.ToArray(), target.ParameterBytes.ToArray());
        }
    }

    [Fact]
    public void Save_IntoATooShortSpan_ThrowsAndWritesNothing()
    {
        var net = new Net241F();
        var destination = new byte[Net241F.WeightFileLength - 1];
        ArgumentException error = Assert.Throws<ArgumentException>(() => net.Save(destination));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains("at least WeightFileLength bytes", error.Message);
        Assert.All(destination, b => Assert.Equal(0, b));
        Assert.Throws<ArgumentNullException>(() => net.Save((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => net.Load((Stream)null!));
    }

    /// <summary>Loading replaces the model: pending gradients and Adam's moments belonged to the old parameters.</summary>
    [Fact]
    public void Load_ClearsGradientsAndOptimizerState()
    {
        var net = new DeepAdam6543();
        net.InitializeParameters(4);
        var file = new byte[DeepAdam6543.WeightFileLength];
        net.Save(file);
        double[] x = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, t = { 0, 1, 0 };
        net.Backward(x, t);
        net.Step(0.1, 0, 1);
        net.Backward(x, t);
        net.Load(file);
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0.0, g));
        Assert.Throws<InvalidOperationException>(() => net.Step(0.1, 0, 1));

        // After Load, one Adam step is a first step again: the same as on a freshly initialized network.
        var fresh = new DeepAdam6543();
        fresh.InitializeParameters(4);
        net.Backward(x, t);
        net.Step(0.1, 0, 1);
        fresh.Backward(x, t);
        fresh.Step(0.1, 0, 1);
        Assert.Equal(fresh.Parameters.ToArray(), net.Parameters.ToArray());
    }

    /// <summary>The text form: the same bytes in base64 after a comment line; bad text is refused and changes nothing.</summary>
    [Fact]
    public void TextForm_RoundTrips_AndRefusesWhatIsNotBase64()
    {
        var source = new DeepNet784_128_64_10();
        source.InitializeParameters(8);
        var text = new StringWriter();
        source.SaveText(text);
        string written = text.ToString();
        Assert.StartsWith("# NetGen weight file, format version 2", written);
        Assert.All(written.Split('\n').Skip(1).Where(l => l.Length > 0), line => Assert.True(line.Length <= 76));
        var binary = new byte[DeepNet784_128_64_10.WeightFileLength];
        source.Save(binary);
        Assert.Equal(binary, Convert.FromBase64String(string.Concat(written.Split('\n').Skip(1))));

        var target = new DeepNet784_128_64_10();
        target.LoadText(new StringReader(written));
        Assert.True(target.Parameters.SequenceEqual(source.Parameters));

        var other = new DeepNet784_128_64_10();
        float[] before = other.Parameters.ToArray();
        Assert.Contains("not base64", Assert.Throws<InvalidDataException>(() => other.LoadText(new StringReader("# x\nnot base64!"))).Message);
        Assert.Contains("format version 66", Assert.Throws<InvalidDataException>(() => other.LoadText(new StringReader(written.Replace("TkVUR0VOV1QC", "TkVUR0VOV1RC")))).Message);   // the version byte 0x02 becomes 0x42
        Assert.Contains("[Mlp(2, 4, 1)]", Assert.Throws<InvalidDataException>(() => other.LoadText(new StringReader("# xor\n" + Convert.ToBase64String(SavedXor())))).Message);
        Assert.Equal(before, other.Parameters.ToArray());
        Assert.Throws<ArgumentNullException>(() => other.LoadText(null!));
        Assert.Throws<ArgumentNullException>(() => other.SaveText(null!));
    }

    private static byte[] SavedXor()
    {
        var net = new Net241F();
        net.InitializeParameters(9);
        var file = new byte[Net241F.WeightFileLength];
        net.Save(file);
        return file;
    }

    /// <summary>CRC-32 one bit at a time, straight from its definition: the oracle for the generated table-driven one.</summary>
    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}

public partial class Net241F : IWeightFile
{
    Span<byte> IWeightFile.ParameterBytes => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Parameters);
}

public partial class Net3x5x2SimdD : IWeightFile
{
    Span<byte> IWeightFile.ParameterBytes => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Parameters);
}

public partial class DeepNet784_128_64_10 : IWeightFile
{
    Span<byte> IWeightFile.ParameterBytes => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Parameters);
}

public partial class DeepAdam6543 : IWeightFile
{
    Span<byte> IWeightFile.ParameterBytes => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Parameters);
}
