using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Truncated and garbled files: every one refused with a message, or, where the change leaves a model the reader
/// accepts, read consistently (ONNX Runtime, when it loads the same bytes, computes what the read weights compute).
/// Never an exception out of <see cref="OnnxMlpReader.Read"/>.
/// </summary>
public class HardeningTests(ITestOutputHelper output)
{
    /// <summary>Small models of every form and encoding, and one the writer made.</summary>
    public static IEnumerable<object[]> Subjects()
    {
        foreach (var entry in Models.All.Where(m => m.Layers.Max() < 100))
            yield return new object[] { entry.File };
        yield return new object[] { "written" };
    }

    private static byte[] Load(string subject) => subject == "written"
        ? OnnxMlpWriter.Write(TestNetworks.Random(new[] { 3, 4, 2 }, OnnxActivation.Tanh, OnnxHead.Softmax, seed: 4))
        : Models.Named(subject).Bytes();

    [Theory]
    [MemberData(nameof(Subjects))]
    public void EveryTruncationIsRefused(string subject)
    {
        byte[] bytes = Load(subject);
        for (int length = 0; length < bytes.Length; length++)
        {
            var result = OnnxMlpReader.Read(bytes[..length]);
            Assert.False(result.Succeeded, $"{subject} cut to {length} of {bytes.Length} bytes was read");
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }
        Assert.Throws<InvalidDataException>(() => OnnxMlpReader.ReadOrThrow(bytes[..(bytes.Length / 2)]));
    }

    [Theory]
    [MemberData(nameof(Subjects))]
    public void AWindowOfABufferIsReadAsTheSameBytesAlone(string subject)
    {
        // A model in the middle of a larger buffer filled with a valid model's bytes on both sides: read as it is
        // alone, and each truncation of the window refused although the bytes after it would complete it.
        byte[] model = Load(subject);
        var buffer = new byte[model.Length * 3];
        Array.Copy(model, 0, buffer, 0, model.Length);
        Array.Copy(model, 0, buffer, model.Length, model.Length);
        Array.Copy(model, 0, buffer, 2 * model.Length, model.Length);
        var alone = OnnxMlpReader.Read(model);
        var window = OnnxMlpReader.Read(buffer, model.Length, model.Length);
        Assert.Equal(alone.Error, window.Error);
        if (alone.Succeeded) TestNetworks.AssertBitEqual(alone.Mlp!, window.Mlp!);
        for (int length = 0; length < model.Length; length += 7)
            Assert.False(OnnxMlpReader.Read(buffer, model.Length, length).Succeeded, $"window cut to {length} bytes");
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxMlpReader.Read(buffer, 2 * model.Length + 1, model.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxMlpReader.Read(buffer, -1, 4));
    }

    [Fact]
    public void TheLargeModelTruncatedIsRefused()
    {
        byte[] bytes = Models.Named("gemm_784_128_10_relu_softmax_op17_dyn.onnx").Bytes();
        for (int length = 0; length < bytes.Length; length += 97)
            Assert.False(OnnxMlpReader.Read(bytes[..length]).Succeeded, $"cut to {length} bytes");
        Assert.False(OnnxMlpReader.Read(bytes[..^1]).Succeeded);
    }

    /// <summary>Each mutation aimed at the protobuf structure: keys (wire type and field number), length prefixes,
    /// dims, data and element types, opset and IR versions, attribute values.</summary>
    public static IEnumerable<(string What, byte[] Bytes)> StructuralMutations(byte[] original)
    {
        foreach (var site in ProtoSites.Walk(original))
        {
            string where = $"{site.Parent}.{site.Field}@{site.TagStart}";
            byte tag = original[site.TagStart];
            for (int wire = 0; wire < 8; wire++)
                if (wire != (tag & 7))
                    yield return ($"{where} wire type {wire}", With(original, site.TagStart, (byte)(tag & ~7 | wire)));
            if (site.TagLength == 1)
            {
                for (int field = 0; field < 16; field++)
                    if (field != site.Field)
                        yield return ($"{where} field {field}", With(original, site.TagStart, (byte)(field << 3 | (tag & 7))));
            }
            if (site.LengthStart >= 0)
            {
                int first = site.LengthStart, last = site.LengthStart + site.LengthLength - 1;
                foreach (byte value in new byte[] { (byte)(original[last] + 1), (byte)(original[last] - 1), 0, 0x7F, 0xFF })
                    if (value != original[last] && !(site.LengthLength > 1 && value >= 0x80))
                        yield return ($"{where} length byte {value}", With(original, last, value));
                if (site.LengthLength > 1)
                    yield return ($"{where} length first byte + 1", With(original, first, (byte)(0x80 | (original[first] + 1) & 0x7F)));
            }
            bool number = site.Wire == 0 && site.ValueLength == 1;
            byte[]? values = (site.Parent, site.Field) switch
            {
                (Message.Tensor, 1) or (Message.Dimension, 1) => new byte[] { 0, 1, 2, 127 },            // dims
                (Message.Tensor, 2) or (Message.TensorType, 1) => new byte[] { 0, 2, 6, 7, 10, 11, 16, 127 }, // data types
                (Message.Opset, 2) or (Message.Model, 1) => new byte[] { 0, 1, 2, 6, 13, 30, 127 },      // versions
                (Message.Attribute, 3) or (Message.Attribute, 20) => new byte[] { 0, 1, 2, 3, 7, 127 },  // ints, types
                _ => null,
            };
            if (number && values is not null)
            {
                byte v = original[site.ValueStart];
                foreach (byte value in values.Append((byte)(v + 1)).Append((byte)(v - 1)).Where(x => x != v && x < 0x80).Distinct())
                    yield return ($"{where} value {value}", With(original, site.ValueStart, value));
            }
        }
    }

    private static byte[] With(byte[] original, int index, byte value)
    {
        var copy = (byte[])original.Clone();
        copy[index] = value;
        return copy;
    }

    [Theory]
    [MemberData(nameof(Subjects))]
    public void StructuralChangesAreRefusedOrReadConsistently(string subject)
    {
        byte[] original = Load(subject);
        int refused = 0, accepted = 0, acceptedAlone = 0;
        var failures = new List<string>();
        foreach (var (what, bytes) in StructuralMutations(original))
        {
            var result = OnnxMlpReader.Read(bytes); // an exception here fails the test
            if (!result.Succeeded)
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
                refused++;
                continue;
            }
            accepted++;
            string? problem = CheckAgainstOnnxRuntime(bytes, result.Mlp!, out bool ortLoaded);
            if (!ortLoaded)
            {
                // Stricter than needed (a model ONNX Runtime refuses may still be a sound MLP), but none has come up:
                // a change the reader lets through is one ONNX Runtime accepts too.
                acceptedAlone++;
                failures.Add(what + ": read, but ONNX Runtime refuses the model: " + LastRefusal);
            }
            if (problem is not null) failures.Add(what + ": " + problem);
        }
        output.WriteLine($"{subject}: {refused} refused, {accepted} read ({acceptedAlone} of them refused by ONNX Runtime)");
        Assert.True(refused > 0);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>Random changes of 1 to 3 bytes anywhere, tensor data included (a changed weight is a valid model): no
    /// exception, and every fifth model read is loaded by ONNX Runtime and agrees with it.</summary>
    [Theory]
    [InlineData("gemm_2_4_1_sigmoid_sigmoid_op11_dyn.onnx")]
    [InlineData("matmul_3_5_4_2_sigmoid_softmax_op17_dyn.onnx")]
    [InlineData("gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata.onnx")]
    [InlineData("written")]
    public void RandomByteChangesNeverCrash(string subject)
    {
        byte[] original = Load(subject);
        const int Trials = 1500;
        var random = new Random(subject.Length);
        var failures = new List<string>();
        int accepted = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            var bytes = (byte[])original.Clone();
            int changes = 1 + trial % 3;
            for (int c = 0; c < changes; c++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var result = OnnxMlpReader.Read(bytes);
            if (!result.Succeeded) continue;
            accepted++;
            if (trial % 5 != 0) continue;
            if (CheckAgainstOnnxRuntime(bytes, result.Mlp!, out bool loaded) is string problem)
                failures.Add($"trial {trial}: {problem}");
            if (!loaded) failures.Add($"trial {trial}: read, but ONNX Runtime refuses the model: {LastRefusal}");
        }
        output.WriteLine($"{subject}: {accepted} of {Trials} read");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static string? LastRefusal;

    /// <summary>Null when ONNX Runtime refuses the model or computes what the read network computes.</summary>
    private static string? CheckAgainstOnnxRuntime(byte[] bytes, OnnxMlp mlp, out bool loaded)
    {
        loaded = false;
        InferenceSession session;
        try
        {
            var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            LastRefusal = e.Message.Split('\n')[0];
            return null;
        }
        using (session)
        {
            loaded = true;
            int batch = 3;
            var declared = session.InputMetadata.Single().Value.Dimensions;
            long[] shape = declared.Length == 0 // no shape declared: the reader's [batch, inputs]
                ? new long[] { batch, mlp.LayerSizes[0] }
                : declared.Select((d, i) => i == 0 ? (d > 0 ? d : batch) : d < 0 && declared.Length == 2 ? mlp.LayerSizes[0] : (long)d).ToArray();
            batch = (int)shape[0];
            if (shape.Skip(1).Any(d => d <= 0) || shape.Skip(1).Aggregate(1L, (a, b) => a * b) != mlp.LayerSizes[0])
                return $"ONNX Runtime's input is [{string.Join(", ", declared)}], the reader's network takes {mlp.LayerSizes[0]}";
            var input = NaiveForward.RandomInputs(batch * mlp.LayerSizes[0], seed: 3);
            float[] actual;
            try
            {
                actual = Ort.Run(session, input, shape);
            }
            catch (OnnxRuntimeException e)
            {
                return "ONNX Runtime loads the model but cannot run it (" + e.Message.Split('\n')[0] + ")";
            }
            var expected = NaiveForward.Run(mlp, input, batch);
            if (actual.Length != expected.Length)
                return $"ONNX Runtime gives {actual.Length} outputs, the read network {expected.Length}";
            for (int k = 0; k < actual.Length; k++)
                if (!(Math.Abs(actual[k] - expected[k]) <= 1e-6 * Math.Max(1, Math.Abs(expected[k]))))
                    return $"output {k}: ONNX Runtime {actual[k]:R}, read network {expected[k]:R}";
            return null;
        }
    }

    [Fact]
    public void HostileLengthsAllocateNothingLarge()
    {
        var cases = new List<(string, byte[], string)>
        {
            ("2^31 floats declared by dims, 16 bytes given", ModelWithTensor(new long[] { 1 << 16, 1 << 15 }, raw: new byte[16]), "far more values"),
            ("dims whose product overflows", ModelWithTensor(new long[] { long.MaxValue, long.MaxValue, 4 }, raw: new byte[16]), "far more values"),
            ("a million floats declared by dims, 16 bytes given", ModelWithTensor(new long[] { 1000, 1000 }, raw: new byte[16]), "raw_data holds 16 bytes, not 4000000"),
            ("a graph length of 2^62", new byte[] { 0x3A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40 }, "declared 4611686018427387904 bytes long"),
            ("a varint of 11 bytes", new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x01 }, "longer than 64 bits"),
            ("a tag with field number 0", new byte[] { 0x02, 0x00 }, "field number of 0"),
            ("a group (wire type 3)", new byte[] { 0x0B, 0x0C }, "wire type 3"),
        };
        foreach (var (what, bytes, fragment) in cases)
        {
            OnnxMlpReader.Read(bytes); // warm up
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = OnnxMlpReader.Read(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(result.Succeeded, what);
            Assert.Contains(fragment, result.Error);
            Assert.True(allocated < 64 * 1024, $"{what}: {allocated} bytes allocated");
            output.WriteLine($"{what}: {result.Error} ({allocated} B)");
        }
    }

    [Fact]
    public void ManyTinyEntriesAreCutOff()
    {
        // 200,000 empty nodes (2 bytes each) in one graph, and a tensor of 100,000 dims: each refused after a bounded
        // number of entries, allocating a small multiple of the file's size.
        var nodes = new byte[400_000];
        for (int i = 0; i < nodes.Length; i += 2) nodes[i] = 0x0A; // GraphProto.node, length 0
        var dims = new byte[200_000];
        for (int i = 0; i < dims.Length; i += 2) { dims[i] = 0x08; dims[i + 1] = 0x01; } // TensorProto.dims = 1
        var cases = new[]
        {
            ("nodes", Wrap(7, nodes)),
            ("dimensions in one tensor", Wrap(7, Wrap(5, dims))),
        };
        foreach (var (what, bytes) in cases)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = OnnxMlpReader.Read(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(result.Succeeded);
            Assert.Contains("more than", result.Error);
            Assert.Contains(what, result.Error);
            Assert.True(allocated < 4L * bytes.Length, $"{what}: {allocated} bytes allocated for a file of {bytes.Length}");
            output.WriteLine($"{result.Error} ({allocated} B for {bytes.Length} B)");
        }
    }

    private static byte[] Wrap(int field, byte[] content)
    {
        var writer = new ProtoWriter();
        writer.WriteBytes(field, content);
        return writer.ToArray();
    }

    /// <summary>A 2-4-1 model whose first weight is replaced by a tensor of the given dims and raw data.</summary>
    private static byte[] ModelWithTensor(long[] dims, byte[] raw)
    {
        var tensor = new ProtoWriter();
        foreach (long d in dims) tensor.WriteInt64(OnnxProto.TensorDims, d);
        tensor.WriteInt64(OnnxProto.TensorDataType, 1);
        tensor.WriteString(OnnxProto.TensorName, "layer1.weight");
        tensor.WriteBytes(OnnxProto.TensorRawData, raw);
        var node = new ProtoWriter();
        node.WriteString(OnnxProto.NodeInput, "input");
        node.WriteString(OnnxProto.NodeInput, "layer1.weight");
        node.WriteString(OnnxProto.NodeOutput, "output");
        node.WriteString(OnnxProto.NodeOpType, "MatMul");
        var tensorType = new ProtoWriter();
        tensorType.WriteInt64(OnnxProto.TypeTensorElemType, 1);
        var type = new ProtoWriter();
        type.WriteMessage(OnnxProto.TypeTensorType, tensorType);
        var input = new ProtoWriter();
        input.WriteString(OnnxProto.ValueInfoName, "input");
        input.WriteMessage(OnnxProto.ValueInfoType, type);
        var graph = new ProtoWriter();
        graph.WriteMessage(OnnxProto.GraphNode, node);
        graph.WriteMessage(OnnxProto.GraphInitializer, tensor);
        graph.WriteMessage(OnnxProto.GraphInput, input);
        var opset = new ProtoWriter();
        opset.WriteInt64(OnnxProto.OpsetVersion, 13);
        var model = new ProtoWriter();
        model.WriteInt64(OnnxProto.ModelIrVersion, 7);
        model.WriteMessage(OnnxProto.ModelOpsetImport, opset);
        model.WriteMessage(OnnxProto.ModelGraph, graph);
        return model.ToArray();
    }
}
