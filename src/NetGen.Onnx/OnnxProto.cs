// The protobuf field numbers and enum values of the ONNX messages NetGen reads and writes. They are facts of the
// format, taken from onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto, MIT licence, ONNX Project
// Contributors); the wire format itself is protobuf's (https://protobuf.dev/programming-guides/encoding/). No code
// comes from either project.
//
// This folder is compiled as C# 9 for netstandard2.0 and up: no file-scoped namespaces, records, raw strings or
// collection expressions.

#nullable enable

namespace NetGen.Onnx
{
    /// <summary>Field numbers of the ONNX protobuf messages (onnx.proto) and the enum values NetGen uses.</summary>
    internal static class OnnxProto
    {
        // ModelProto
        public const int ModelIrVersion = 1;        // int64
        public const int ModelProducerName = 2;     // string
        public const int ModelProducerVersion = 3;  // string
        public const int ModelDocString = 6;        // string
        public const int ModelGraph = 7;            // GraphProto
        public const int ModelOpsetImport = 8;      // repeated OperatorSetIdProto

        // OperatorSetIdProto
        public const int OpsetDomain = 1;           // string
        public const int OpsetVersion = 2;          // int64

        // GraphProto
        public const int GraphNode = 1;             // repeated NodeProto
        public const int GraphName = 2;             // string
        public const int GraphInitializer = 5;      // repeated TensorProto
        public const int GraphDocString = 10;       // string
        public const int GraphInput = 11;           // repeated ValueInfoProto
        public const int GraphValueInfo = 13;       // repeated ValueInfoProto
        public const int GraphOutput = 12;          // repeated ValueInfoProto
        public const int GraphSparseInitializer = 15; // repeated SparseTensorProto

        // NodeProto
        public const int NodeInput = 1;             // repeated string
        public const int NodeOutput = 2;            // repeated string
        public const int NodeName = 3;              // string
        public const int NodeOpType = 4;            // string
        public const int NodeAttribute = 5;         // repeated AttributeProto
        public const int NodeDocString = 6;         // string
        public const int NodeDomain = 7;            // string

        // AttributeProto
        public const int AttributeName = 1;         // string
        public const int AttributeF = 2;            // float
        public const int AttributeI = 3;            // int64
        public const int AttributeType = 20;        // AttributeType enum
        public const int AttributeTypeFloat = 1;
        public const int AttributeTypeInt = 2;

        // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
        public const int ValueInfoName = 1;         // string
        public const int ValueInfoType = 2;         // TypeProto
        public const int TypeTensorType = 1;        // TypeProto.Tensor
        public const int TypeTensorElemType = 1;    // int32 (a TensorProto.DataType)
        public const int TypeTensorShape = 2;       // TensorShapeProto
        public const int ShapeDim = 1;              // repeated Dimension
        public const int DimValue = 1;              // int64
        public const int DimParam = 2;              // string

        // TensorProto
        public const int TensorDims = 1;            // repeated int64
        public const int TensorDataType = 2;        // int32 (DataType)
        public const int TensorSegment = 3;         // Segment
        public const int TensorFloatData = 4;       // repeated float, packed
        public const int TensorInt32Data = 5;       // repeated int32, packed
        public const int TensorStringData = 6;      // repeated bytes
        public const int TensorInt64Data = 7;       // repeated int64, packed
        public const int TensorName = 8;            // string
        public const int TensorRawData = 9;         // bytes, little-endian
        public const int TensorDoubleData = 10;     // repeated double, packed
        public const int TensorUint64Data = 11;     // repeated uint64, packed
        public const int TensorExternalData = 13;   // repeated StringStringEntryProto
        public const int TensorDataLocation = 14;   // DataLocation enum (1 = EXTERNAL)

        // TensorProto.DataType
        public const int DataTypeFloat = 1;

        /// <summary>The name ONNX gives a TensorProto.DataType value, for messages.</summary>
        public static string DataTypeName(long dataType)
        {
            switch (dataType)
            {
                case 0: return "undefined";
                case 1: return "float (float32)";
                case 2: return "uint8";
                case 3: return "int8";
                case 4: return "uint16";
                case 5: return "int16";
                case 6: return "int32";
                case 7: return "int64";
                case 8: return "string";
                case 9: return "bool";
                case 10: return "float16";
                case 11: return "double (float64)";
                case 12: return "uint32";
                case 13: return "uint64";
                case 14: return "complex64";
                case 15: return "complex128";
                case 16: return "bfloat16";
                default: return "data type " + OnnxText.Number(dataType);
            }
        }
    }
}
