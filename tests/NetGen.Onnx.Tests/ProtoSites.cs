using System.Collections.Generic;

namespace NetGen.Onnx.Tests;

/// <summary>The message a protobuf field sits in, as far as the hardening tests tell them apart.</summary>
public enum Message { Model, Graph, Node, Attribute, Tensor, ValueInfo, Type, TensorType, Shape, Dimension, Opset, Other }

/// <summary>One field of a model file: where its key (tag), its length prefix and its value are.</summary>
public sealed record FieldSite(Message Parent, int Field, int Wire, int TagStart, int TagLength, int LengthStart, int LengthLength, int ValueStart, int ValueLength);

/// <summary>
/// Finds every field of a well-formed model, recursing into the ONNX messages the reader reads. The tests' own walk of
/// the wire format (independent of the reader's), used to aim mutations at the structure: keys, length prefixes, dims,
/// data types.
/// </summary>
public static class ProtoSites
{
    private static readonly Dictionary<(Message, int), Message> Children = new()
    {
        [(Message.Model, 7)] = Message.Graph,
        [(Message.Model, 8)] = Message.Opset,
        [(Message.Graph, 1)] = Message.Node,
        [(Message.Graph, 5)] = Message.Tensor,
        [(Message.Graph, 11)] = Message.ValueInfo,
        [(Message.Graph, 12)] = Message.ValueInfo,
        [(Message.Node, 5)] = Message.Attribute,
        [(Message.ValueInfo, 2)] = Message.Type,
        [(Message.Type, 1)] = Message.TensorType,
        [(Message.TensorType, 2)] = Message.Shape,
        [(Message.Shape, 1)] = Message.Dimension,
    };

    public static List<FieldSite> Walk(byte[] bytes)
    {
        var sites = new List<FieldSite>();
        Walk(bytes, 0, bytes.Length, Message.Model, sites);
        return sites;
    }

    private static void Walk(byte[] bytes, int start, int end, Message parent, List<FieldSite> sites)
    {
        int p = start;
        while (p < end)
        {
            int tagStart = p;
            ulong key = Varint(bytes, ref p);
            int tagLength = p - tagStart, field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    int valueStart = p;
                    Varint(bytes, ref p);
                    sites.Add(new FieldSite(parent, field, wire, tagStart, tagLength, -1, 0, valueStart, p - valueStart));
                    break;
                case 1:
                    sites.Add(new FieldSite(parent, field, wire, tagStart, tagLength, -1, 0, p, 8));
                    p += 8;
                    break;
                case 5:
                    sites.Add(new FieldSite(parent, field, wire, tagStart, tagLength, -1, 0, p, 4));
                    p += 4;
                    break;
                case 2:
                    int lengthStart = p;
                    int length = (int)Varint(bytes, ref p);
                    sites.Add(new FieldSite(parent, field, wire, tagStart, tagLength, lengthStart, p - lengthStart, p, length));
                    if (Children.TryGetValue((parent, field), out var child))
                        Walk(bytes, p, p + length, child, sites);
                    p += length;
                    break;
                default:
                    throw new System.InvalidOperationException("not a well-formed model");
            }
        }
    }

    private static ulong Varint(byte[] bytes, ref int p)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
