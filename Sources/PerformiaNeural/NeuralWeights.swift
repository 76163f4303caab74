/// The metadata and float32 tensors of a `performia-nn` weights file, version 1, as
/// Training/beat_model.py writes it (its docstring is the format's definition; all little-endian):
/// `PFNN`, u32 version, u32 metadata byte count, metadata (UTF-8 `key=value` lines), u32 tensor
/// count, then per tensor u16 name byte count, name (UTF-8), u8 dtype (1 = float32), u8 rank,
/// rank × u32 dims, prod(dims) × float32.
///
/// Everything is checked as it is read: magic, version, a file that ends anywhere early, metadata
/// lines, names (UTF-8, unique), dtype, rank, dimensions (zero, or too large for the file, with
/// overflow-safe products), NaN and infinite values, bytes after the last tensor. Each refusal is
/// a `NeuralWeightsError` naming `fileName` and the problem. Reading the file from disk is the
/// caller's job. Loading allocates; do it before real-time processing starts.
public struct NeuralWeights {
    /// The format version this build reads.
    public static let version: UInt32 = 1
    /// The largest tensor rank this build reads.
    public static let maximumRank = 8

    /// One tensor: its name, its dimensions (PyTorch's order) and its values, row-major.
    public struct Tensor {
        public let name: String
        public let shape: [Int]
        public let values: [Float]
        let nameBytes: [UInt8]
    }

    /// The `key=value` lines of the header, in file order; keys are unique.
    public struct Metadata {
        public let entries: [(key: String, value: String)]

        /// The value of `key`, or nil when the file has none.
        public subscript(key: String) -> String? {
            for entry in entries where entry.key.utf8.elementsEqual(key.utf8) { return entry.value }
            return nil
        }
    }

    /// The name the loader was given, used in error messages.
    public let fileName: String
    public let metadata: Metadata
    /// The tensors in file order; names are unique.
    public let tensors: [Tensor]

    /// Parses and validates `bytes`, the whole file; `fileName` names it in errors.
    public init(bytes: [UInt8], fileName: String) throws(NeuralWeightsError) {
        self.fileName = fileName
        guard !bytes.isEmpty else { throw NeuralWeightsError(fileName: fileName, problem: .empty) }
        var reader = ByteReader(bytes: bytes, fileName: fileName)
        guard bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x46 && bytes[2] == 0x4E && bytes[3] == 0x4E else {
            throw NeuralWeightsError(fileName: fileName, problem: .notWeightsFile)
        }
        reader.offset = 4
        let version = try reader.u32(part: "the header")
        guard version == Self.version else {
            throw NeuralWeightsError(fileName: fileName, problem: .unsupportedVersion(version))
        }
        let metadataBytes = try reader.take(Int(try reader.u32(part: "the header")), part: "the metadata")
        metadata = try Self.metadata(bytes[metadataBytes], fileName: fileName)
        let count = try reader.u32(part: "the tensor count")
        var tensors: [Tensor] = []
        for index in 0..<Int(count) {
            let tensor = try reader.tensor(index: index)
            for earlier in tensors where earlier.nameBytes == tensor.nameBytes {
                throw NeuralWeightsError(fileName: fileName, problem: .duplicateTensor(name: tensor.name))
            }
            tensors.append(tensor)
        }
        guard reader.left == 0 else {
            throw NeuralWeightsError(fileName: fileName, problem: .trailingBytes(count: reader.left))
        }
        self.tensors = tensors
    }

    /// The values of tensor `name`, row-major, after checking that its shape is `expected`.
    public func tensor(_ name: String, shape expected: [Int]) throws(NeuralWeightsError) -> [Float] {
        for tensor in tensors where tensor.nameBytes.elementsEqual(name.utf8) {
            guard tensor.shape == expected else {
                throw NeuralWeightsError(fileName: fileName, problem: .wrongShape(tensor: name, shape: tensor.shape, expected: expected))
            }
            return tensor.values
        }
        throw NeuralWeightsError(fileName: fileName, problem: .missingTensor(name: name))
    }

    /// Checks that metadata `model` names `expected` (e.g. `beat-tcn`).
    func requireModel(_ expected: String) throws(NeuralWeightsError) {
        guard let model = metadata["model"] else {
            throw NeuralWeightsError(fileName: fileName, problem: .missingMetadata(key: "model"))
        }
        guard model.utf8.elementsEqual(expected.utf8) else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(key: "model", value: model, expected: "'\(expected)'"))
        }
    }

    /// Metadata `key` as a decimal integer in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(NeuralWeightsError) -> Int {
        guard let text = metadata[key] else {
            throw NeuralWeightsError(fileName: fileName, problem: .missingMetadata(key: key))
        }
        var value = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39 && value <= range.upperBound else { value = -1; break }
            value = value * 10 + Int(byte - 0x30)
        }
        guard !text.isEmpty && range.contains(value) else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(
                key: key, value: text, expected: "an integer in \(range.lowerBound)…\(range.upperBound)"))
        }
        return value
    }

    private static func metadata(_ bytes: ArraySlice<UInt8>, fileName: String) throws(NeuralWeightsError) -> Metadata {
        guard ByteReader.utf8(bytes) != nil else {
            throw NeuralWeightsError(fileName: fileName, problem: .metadataNotUTF8)
        }
        var entries: [(key: String, value: String)] = []
        var keys: [ArraySlice<UInt8>] = []
        var lineNumber = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            lineNumber += 1
            var end = start
            while end < bytes.endIndex && bytes[end] != 0x0A { end += 1 }
            var line = bytes[start..<end]
            start = end + 1
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: 0x3D), equals > line.startIndex else {
                throw NeuralWeightsError(fileName: fileName, problem: .badMetadataLine(line: lineNumber))
            }
            let key = line[..<equals]
            let keyText = String(decoding: key, as: UTF8.self)
            if keys.contains(where: { $0.elementsEqual(key) }) {
                throw NeuralWeightsError(fileName: fileName, problem: .duplicateMetadata(key: keyText))
            }
            keys.append(key)
            entries.append((keyText, String(decoding: line[(equals + 1)...], as: UTF8.self)))
        }
        return Metadata(entries: entries)
    }
}

/// A cursor over the file's bytes whose reads throw `truncated` naming the part being read.
private struct ByteReader {
    let bytes: [UInt8]
    let fileName: String
    var offset = 0

    init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    var left: Int { bytes.count - offset }

    /// The next `count` bytes' indices.
    mutating func take(_ count: Int, part: @autoclosure () -> String) throws(NeuralWeightsError) -> Range<Int> {
        guard count <= left else {
            throw NeuralWeightsError(fileName: fileName, problem: .truncated(part: part(), neededBytes: count, leftBytes: left))
        }
        offset += count
        return (offset - count)..<offset
    }

    mutating func u32(part: @autoclosure () -> String) throws(NeuralWeightsError) -> UInt32 {
        let range = try take(4, part: part())
        return Self.u32(bytes, at: range.lowerBound)
    }

    static func u32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
    }

    /// `bytes` as a String when they are valid UTF-8 (decoding repairs nothing), else nil.
    static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    mutating func tensor(index: Int) throws(NeuralWeightsError) -> NeuralWeights.Tensor {
        let lengthBytes = try take(2, part: "the header of tensor \(index)")
        let nameLength = Int(bytes[lengthBytes.lowerBound]) | Int(bytes[lengthBytes.lowerBound + 1]) << 8
        let nameBytes = Array(bytes[try take(nameLength, part: "the name of tensor \(index)")])
        guard let name = Self.utf8(nameBytes[...]) else {
            throw NeuralWeightsError(fileName: fileName, problem: .tensorNameNotUTF8(index: index))
        }
        let part = "tensor '\(NeuralWeightsError.Problem.quoted(name))'"
        let header = try take(2, part: part)
        let dtype = bytes[header.lowerBound], rank = Int(bytes[header.lowerBound + 1])
        guard dtype == 1 else {
            throw NeuralWeightsError(fileName: fileName, problem: .unsupportedDType(tensor: name, dtype: dtype))
        }
        guard rank <= NeuralWeights.maximumRank else {
            throw NeuralWeightsError(fileName: fileName, problem: .unsupportedRank(tensor: name, rank: rank))
        }
        var shape: [Int] = []
        var count = 1
        for _ in 0..<rank {
            let dimension = Int(try u32(part: part))
            guard dimension > 0 else { throw NeuralWeightsError(fileName: fileName, problem: .zeroDimension(tensor: name)) }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow && product <= Int(Int32.max) else {
                throw NeuralWeightsError(fileName: fileName, problem: .tooLarge(tensor: name))
            }
            shape.append(dimension)
            count = product
        }
        let data = try take(count * 4, part: part)
        var values = [Float](repeating: 0, count: count)
        var finite = true, nan = false
        for i in 0..<count {
            let value = Float(bitPattern: Self.u32(bytes, at: data.lowerBound + 4 * i))
            values[i] = value
            if !value.isFinite { finite = false; nan = nan || value.isNaN }
        }
        guard finite else { throw NeuralWeightsError(fileName: fileName, problem: .nonFinite(tensor: name, nan: nan)) }
        return NeuralWeights.Tensor(name: name, shape: shape, values: values, nameBytes: nameBytes)
    }
}
