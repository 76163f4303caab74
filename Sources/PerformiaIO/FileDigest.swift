import CCrypto
import Foundation

/// Content hashes of files, streamed in 1 MiB chunks through OpenSSL's libcrypto (EVP API), so
/// memory stays at one chunk whatever the file's size. OpenSSL 3 is Apache-2.0 licensed, so
/// linking it keeps the product free to license.
public enum FileDigest {
    /// Why a file could not be hashed; `description` is one line naming the file.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot hash the file: \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Bytes read per step.
    public static let chunkBytes = 1 << 20

    /// The SHA-256 of the file's bytes as 64 lowercase hex digits.
    public static func sha256(path: String) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard let context = EVP_MD_CTX_new() else { throw Failure(path: path, reason: "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            throw Failure(path: path, reason: "EVP_DigestInit_ex failed")
        }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk, chunkBytes)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            guard EVP_DigestUpdate(context, chunk, count) == 1 else {
                throw Failure(path: path, reason: "EVP_DigestUpdate failed")
            }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else {
            throw Failure(path: path, reason: "EVP_DigestFinal_ex failed")
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(Int(length) * 2)
        for byte in digest.prefix(Int(length)) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
