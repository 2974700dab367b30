#nullable enable

using System;
using System.Text;

namespace NetGen.Onnx
{
    /// <summary>Writes protobuf's wire format into a growing buffer. A nested message is written into its own writer
    /// and then added with <see cref="WriteMessage"/>, which prefixes its length.</summary>
    internal sealed class ProtoWriter
    {
        private byte[] buffer = new byte[64];
        private int length;

        public int Length => length;

        public byte[] ToArray()
        {
            byte[] result = new byte[length];
            Array.Copy(buffer, result, length);
            return result;
        }

        public void WriteInt64(int field, long value)
        {
            WriteTag(field, ProtoReader.WireVarint);
            WriteVarint(unchecked((ulong)value));
        }

        public void WriteFloat(int field, float value)
        {
            WriteTag(field, ProtoReader.WireFixed32);
            Reserve(4);
            FloatBits.ToLittleEndian(value, buffer, length);
            length += 4;
        }

        public void WriteString(int field, string value)
        {
            WriteBytes(field, Encoding.UTF8.GetBytes(value));
        }

        public void WriteBytes(int field, byte[] value)
        {
            WriteTag(field, ProtoReader.WireLengthDelimited);
            WriteVarint((ulong)value.Length);
            Reserve(value.Length);
            Array.Copy(value, 0, buffer, length, value.Length);
            length += value.Length;
        }

        public void WriteMessage(int field, ProtoWriter message)
        {
            WriteTag(field, ProtoReader.WireLengthDelimited);
            WriteVarint((ulong)message.length);
            Reserve(message.length);
            Array.Copy(message.buffer, 0, buffer, length, message.length);
            length += message.length;
        }

        /// <summary>Floats as little-endian IEEE 754 bytes: TensorProto.raw_data.</summary>
        public static byte[] FloatBytes(float[] values)
        {
            byte[] bytes = new byte[checked(values.Length * 4)];
            for (int i = 0; i < values.Length; i++)
                FloatBits.ToLittleEndian(values[i], bytes, 4 * i);
            return bytes;
        }

        private void WriteTag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

        private void WriteVarint(ulong value)
        {
            Reserve(10);
            while (value >= 0x80)
            {
                buffer[length++] = (byte)(value | 0x80);
                value >>= 7;
            }
            buffer[length++] = (byte)value;
        }

        private void Reserve(int count)
        {
            if (buffer.Length - length >= count) return;
            long needed = (long)length + count;
            long size = Math.Max(needed, 2L * buffer.Length);
            if (size > int.MaxValue) size = needed <= int.MaxValue ? int.MaxValue : throw new InvalidOperationException("An ONNX model is limited to 2 GB.");
            byte[] larger = new byte[size];
            Array.Copy(buffer, larger, length);
            buffer = larger;
        }
    }
}
