import CSndFile
import Foundation

/// An audio file opened for reading through libsndfile, after the checks every reader shares
/// (exists, regular, readable, not empty, decodable, supported rate and channel count, a known,
/// non-zero length). Reads interleaved frames and turns decoder errors into thrown errors.
/// Closes the `SNDFILE` on deinit.
final class SoundFile {
    let info: AudioFileInfo
    private let handle: OpaquePointer
    /// Whether the header's frame count is exact, so a stream that ends before it is damaged.
    /// False for MPEG audio, whose count can be an estimate from the file size.
    private let isFrameCountExact: Bool
    private var framesDecoded: Int64 = 0
    private var isAtEnd = false

    /// libsndfile reports a failed `sf_open` through process-wide state (`sf_strerror(NULL)`);
    /// every `sf_open` in this module runs under this lock, so each error text stays with the
    /// call that caused it.
    static let openLock = NSLock()

    init(path: String) throws(AudioFileError) {
        try Self.checkFileSystemEntry(path: path)
        try Self.checkMPEGContent(path: path)
        var sfInfo = SF_INFO()
        let opened: Result<OpaquePointer, AudioFileError> = Self.openLock.withLock {
            if let handle = sf_open(path, Int32(SFM_READ), &sfInfo) { return .success(handle) }
            return .failure(Self.openError(path: path, text: String(cString: sf_strerror(nil))))
        }
        let handle = try opened.get()
        let container = sfInfo.format & Int32(SF_FORMAT_TYPEMASK)
        let info = AudioFileInfo(path: path, frameCount: Int64(sfInfo.frames),
                                 sampleRate: Double(sfInfo.samplerate), channelCount: Int(sfInfo.channels),
                                 formatName: Self.formatName(sfInfo.format))
        if let problem = Self.problem(with: info) {
            sf_close(handle)
            throw problem
        }
        self.handle = handle
        self.info = info
        isFrameCountExact = container != Int32(SF_FORMAT_MPEG)
        // Integer files are scaled to [-1, 1); float files are delivered exactly as stored.
        sf_command(handle, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
    }

    deinit { sf_close(handle) }

    /// Decodes up to `maximumFrames` interleaved frames into `buffer` (room for
    /// `maximumFrames * info.channelCount` samples); returns the frame count, 0 at the end.
    /// Throws `.corrupt` when the decoder reports an error or the stream stops before the
    /// length the header declares. Never reads past that length, so every file ends.
    func readFrames(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) throws(AudioFileError) -> Int {
        if isAtEnd { return 0 }
        var requested = Int64(maximumFrames)
        if isFrameCountExact { requested = min(requested, info.frameCount - framesDecoded) }
        if requested <= 0 {
            isAtEnd = true
            return 0
        }
        let frames = sf_readf_float(handle, buffer, sf_count_t(requested))
        if frames < 0 || sf_error(handle) != Int32(SF_ERR_NO_ERROR) {
            isAtEnd = true
            throw .corrupt(path: info.path, reason: String(cString: sf_strerror(handle)))
        }
        framesDecoded += Int64(frames)
        if frames < requested {
            isAtEnd = true
            if isFrameCountExact {
                let reason = "the stream ends after \(framesDecoded) of the \(info.frameCount) frames its header declares"
                throw .corrupt(path: info.path, reason: reason)
            }
        }
        return Int(frames)
    }

    private static func checkFileSystemEntry(path: String) throws(AudioFileError) {
        var entry = stat()
        guard stat(path, &entry) == 0 else {
            if errno == EACCES { throw .notReadable(path: path) }
            throw .notFound(path: path)
        }
        switch entry.st_mode & S_IFMT {
        case S_IFDIR: throw .isDirectory(path: path)
        case S_IFREG: break
        default: throw .unsupportedFormat(path: path, reason: "not a regular file")
        }
        guard access(path, R_OK) == 0 else { throw .notReadable(path: path) }
        guard entry.st_size > 0 else { throw .empty(path: path) }
    }

    /// libsndfile hands a file named `.mp3` (`.mp2`, `.mpga`) to libmpg123 whatever it holds, and
    /// libmpg123 prints its resync notes on standard error before failing with a misleading
    /// "does not exist or is not a regular file". Such a file must begin with an ID3 tag or hold
    /// an MPEG audio frame header (sync, a defined version, layer, bit rate and sample rate) in
    /// its first 64 KiB; a text file never does.
    private static func checkMPEGContent(path: String) throws(AudioFileError) {
        let name = path.lowercased()
        guard name.hasSuffix(".mp3") || name.hasSuffix(".mp2") || name.hasSuffix(".mpga"),
              let file = FileHandle(forReadingAtPath: path) else { return }
        defer { try? file.close() }
        let head = [UInt8]((try? file.read(upToCount: 65536)) ?? Data())
        if head.starts(with: Array("ID3".utf8)) { return }
        if head.count >= 4 {
            for i in 0..<(head.count - 3) where head[i] == 0xFF && head[i + 1] & 0xE0 == 0xE0 {
                let version = (head[i + 1] >> 3) & 3, layer = (head[i + 1] >> 1) & 3
                let bitRate = head[i + 2] >> 4, sampleRate = (head[i + 2] >> 2) & 3
                if version != 1 && layer != 0 && bitRate != 15 && sampleRate != 3 { return }
            }
        }
        throw .unsupportedFormat(path: path, reason: "named like MP3 but no MPEG audio header in its first 64 KiB")
    }

    /// Maps libsndfile's open failure to an error; a header with 0 channels has its own case.
    private static func openError(path: String, text: String) -> AudioFileError {
        if text.lowercased().contains("channel count is zero") {
            return .unsupportedChannelCount(path: path, channelCount: 0)
        }
        return .unsupportedFormat(path: path, reason: text)
    }

    private static func problem(with info: AudioFileInfo) -> AudioFileError? {
        guard AudioFileInfo.supportedSampleRates.contains(info.sampleRate) else {
            return .unsupportedSampleRate(path: info.path, sampleRate: info.sampleRate)
        }
        guard (1...AudioFileInfo.maximumChannelCount).contains(info.channelCount) else {
            return .unsupportedChannelCount(path: info.path, channelCount: info.channelCount)
        }
        // libsndfile reports SF_COUNT_MAX when it cannot find the end of an Ogg stream.
        guard info.frameCount != Int64.max else {
            return .corrupt(path: info.path, reason: "the end of the stream is missing, so its length is unknown")
        }
        guard info.frameCount > 0 else { return .noAudio(path: info.path) }
        return nil
    }

    /// "WAV", "FLAC", "OGG", "MP3", else the first word of libsndfile's container name.
    static func formatName(_ format: Int32) -> String {
        let container = format & Int32(SF_FORMAT_TYPEMASK)
        switch container {
        case Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_WAVEX): return "WAV"
        case Int32(SF_FORMAT_FLAC): return "FLAC"
        case Int32(SF_FORMAT_OGG): return "OGG"
        case Int32(SF_FORMAT_MPEG) where format & Int32(SF_FORMAT_SUBMASK) == Int32(SF_FORMAT_MPEG_LAYER_III):
            return "MP3"
        default:
            var description = SF_FORMAT_INFO()
            description.format = container
            let size = Int32(MemoryLayout<SF_FORMAT_INFO>.size)
            if sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &description, size) == 0, let name = description.name,
               let word = String(cString: name).split(separator: " ").first {
                return String(word)
            }
            return "libsndfile format 0x" + String(container, radix: 16)
        }
    }
}
