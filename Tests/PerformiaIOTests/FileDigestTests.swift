import Foundation
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct FileDigestTests {
    /// FIPS 180-2 test vectors.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(text: String, digest: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("input.txt", Data(text.utf8))
        #expect(try FileDigest.sha256(path: path) == digest)
    }

    /// One million "a": FIPS 180-2's long vector.
    @Test func millionA() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("a.txt", Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(try FileDigest.sha256(path: path) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Several 1 MiB chunks, checked against coreutils.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum")))
    func matchesSha256sumAcrossChunks() throws {
        let folder = TemporaryFolder()
        var state: UInt64 = 88_172_645_463_325_252
        let bytes = (0..<(3 * FileDigest.chunkBytes + 12345)).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let path = try folder.bytes("random.bin", Data(bytes))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = String(output.prefix(64))
        #expect(expected.count == 64)
        #expect(try FileDigest.sha256(path: path) == expected)
    }

    @Test func failuresNameTheFile() throws {
        let folder = TemporaryFolder()
        let missing = folder.path("missing.wav")
        #expect(throws: FileDigest.Failure(path: missing, reason: "No such file or directory")) {
            try FileDigest.sha256(path: missing)
        }
        do {
            _ = try FileDigest.sha256(path: folder.url.path)
            Issue.record("a directory was hashed")
        } catch {
            #expect(error.description.hasPrefix(folder.url.path + ": cannot hash the file: "))
        }
    }
}
