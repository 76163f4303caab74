/// Why a weights file (`performia-nn`, Training/beat_model.py) or the model built from it was
/// refused: the file's name and the problem, one line (`description`), e.g.
/// `beat.pfnn: tensor 'head.weight' has shape [3, 32], expected [2, 32]`.
public struct NeuralWeightsError: Error, Sendable, CustomStringConvertible {
    /// The name given to the loader (a path or a file name), used only in messages.
    public var fileName: String
    public var problem: Problem

    public init(fileName: String, problem: Problem) {
        self.fileName = fileName
        self.problem = problem
    }

    public var description: String { "\(fileName): \(problem)" }

    /// What is wrong with the file.
    public enum Problem: Sendable, CustomStringConvertible {
        case empty
        case notWeightsFile
        case unsupportedVersion(UInt32)
        /// The file ends inside `part` (its text quotes file text already), which needs `neededBytes` more bytes where `leftBytes` are left.
        case truncated(part: String, neededBytes: Int, leftBytes: Int)
        case metadataNotUTF8
        case badMetadataLine(line: Int)
        case duplicateMetadata(key: String)
        case tensorNameNotUTF8(index: Int)
        case duplicateTensor(name: String)
        case unsupportedDType(tensor: String, dtype: UInt8)
        case unsupportedRank(tensor: String, rank: Int)
        case zeroDimension(tensor: String)
        case tooLarge(tensor: String)
        case nonFinite(tensor: String, nan: Bool)
        case trailingBytes(count: Int)
        case missingMetadata(key: String)
        case badMetadataValue(key: String, value: String, expected: String)
        case missingTensor(name: String)
        case unexpectedTensor(name: String)
        case wrongShape(tensor: String, shape: [Int], expected: [Int])
        /// A centred model looks ahead, so it cannot run frame by frame.
        case notCausal

        public var description: String {
            let q = Self.quoted
            switch self {
            case .empty: return "empty file, expected a performia-nn weights file"
            case .notWeightsFile: return "not a performia-nn weights file (no 'PFNN' magic)"
            case let .unsupportedVersion(version):
                return "version \(version), this build reads version \(NeuralWeights.version)"
            case let .truncated(part, needed, left):
                return "truncated in \(part) (needs \(needed) bytes, \(left) left)"
            case .metadataNotUTF8: return "metadata is not UTF-8 text"
            case let .badMetadataLine(line): return "metadata line \(line) is not 'key=value'"
            case let .duplicateMetadata(key): return "metadata key '\(q(key))' appears twice"
            case let .tensorNameNotUTF8(index): return "the name of tensor \(index) is not UTF-8 text"
            case let .duplicateTensor(name): return "tensor '\(q(name))' appears twice"
            case let .unsupportedDType(tensor, dtype):
                return "tensor '\(q(tensor))' has dtype \(dtype), this build reads 1 (float32)"
            case let .unsupportedRank(tensor, rank):
                return "tensor '\(q(tensor))' has rank \(rank), this build reads 0…\(NeuralWeights.maximumRank)"
            case let .zeroDimension(tensor): return "tensor '\(q(tensor))' has a zero dimension"
            case let .tooLarge(tensor): return "tensor '\(q(tensor))' is larger than the file could hold"
            case let .nonFinite(tensor, nan): return "tensor '\(q(tensor))' holds \(nan ? "NaN" : "infinity")"
            case let .trailingBytes(count): return "\(count) bytes after the last tensor"
            case let .missingMetadata(key): return "metadata has no '\(q(key))'"
            case let .badMetadataValue(key, value, expected):
                return "metadata '\(q(key))' is '\(q(value))', expected \(expected)"
            case let .missingTensor(name): return "no tensor '\(q(name))'"
            case let .unexpectedTensor(name): return "unexpected tensor '\(q(name))'"
            case let .wrongShape(tensor, shape, expected):
                return "tensor '\(q(tensor))' has shape \(Self.text(shape)), expected \(Self.text(expected))"
            case .notCausal:
                return "a centred (non-causal) model looks ahead and cannot stream frame by frame; use activations(spectrum:frameCount:)"
            }
        }

        /// Text from the file as a message quotes it: control and line-breaking characters as `?`
        /// (the message stays one line), at most 40 characters (then `…`).
        static func quoted(_ text: String) -> String {
            var result = String.UnicodeScalarView()
            var count = 0
            for scalar in text.unicodeScalars {
                if count == 40 {
                    result.append("…")
                    break
                }
                let value = scalar.value
                let breaking = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                result.append(breaking ? "?" : scalar)
                count += 1
            }
            return String(result)
        }

        static func text(_ shape: [Int]) -> String {
            var text = "["
            for (index, dimension) in shape.enumerated() { text += (index > 0 ? ", " : "") + "\(dimension)" }
            return text + "]"
        }
    }
}
