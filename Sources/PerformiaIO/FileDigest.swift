import CCrypto
import Foundation

/// Content hashes of files, streamed in 1 MiB chunks through OpenSSL's libcrypto
/// (Apache-2.0 since OpenSSL 3, so linking keeps the product's licence free).
public enum FileDigest {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Lower-case hex SHA-256 of the file's bytes.
    public static func sha256(path: String) throws(Failure) -> String {
        guard let stream = InputStream(fileAtPath: path) else { throw Failure(description: "cannot open \(path)") }
        stream.open()
        defer { stream.close() }
        guard let context = EVP_MD_CTX_new() else { throw Failure(description: "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { stream.read($0.baseAddress!, maxLength: $0.count) }
            if n < 0 { throw Failure(description: "read error in \(path)") }
            if n == 0 { break }
            chunk.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, n) }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }
}
