import PerformiaCore

/// Turns `BandNote`s (musical time) into timed note-on/note-off messages on a `BeatGrid` and
/// hands them out block by block, in time order. A fixed-capacity binary heap: allocation-free
/// after `init`, so it lives on the audio thread. Notes that would start in the past start now
/// (and are counted as late); a note-on of a pitch already sounding on its channel first ends
/// the old one, so no note is ever left hanging, and `silence()` ends everything that sounds.
public struct NoteScheduler: ~Copyable {
    public let capacity: Int
    private let heap: UnsafeMutablePointer<MIDIMessage>
    private var heapCount = 0
    /// Sounding notes: bit per (channel, pitch).
    private let sounding: UnsafeMutablePointer<UInt64>
    /// Notes scheduled to start before the time they were scheduled at.
    public private(set) var lateNotes = 0
    /// Messages refused because the queue was full.
    public private(set) var droppedMessages = 0

    public init(capacity: Int = 4096) {
        precondition(capacity > 0)
        self.capacity = capacity
        heap = .allocate(capacity: capacity)
        sounding = .allocate(capacity: 16 * 2)
        sounding.initialize(repeating: 0, count: 32)
    }

    deinit {
        heap.deallocate()
        sounding.deallocate()
    }

    public var pendingCount: Int { heapCount }

    /// Schedules `note` on `grid`; `now` is the earliest time it may start.
    public mutating func schedule(_ note: BandNote, on grid: BeatGrid, now: SampleTime) {
        var start = grid.time(ofBeat: note.beat)
        var end = grid.time(ofBeat: note.beat + note.lengthBeats)
        if start < now {
            lateNotes += 1
            end += now - start
            start = now
        }
        if end <= start { end = start + 1 }
        push(MIDIMessage(time: start, channel: note.channel, pitch: note.pitch, velocity: max(1, note.velocity)))
        push(MIDIMessage(time: end, channel: note.channel, pitch: note.pitch, velocity: 0))
    }

    /// Hands out, in time order, every message due before `time`. A note-on of a pitch already
    /// sounding is preceded by its note-off; a note-off of a pitch not sounding is dropped.
    public mutating func popDue(before time: SampleTime, _ deliver: (MIDIMessage) -> Void) {
        while heapCount > 0 && heap[0].time < time {
            let message = pop()
            let word = Int(message.channel & 15) * 2 + Int(message.pitch >> 6)
            let bit = UInt64(1) << UInt64(message.pitch & 63)
            if message.isNoteOn {
                if sounding[word] & bit != 0 {
                    deliver(MIDIMessage(time: message.time, channel: message.channel, pitch: message.pitch, velocity: 0))
                }
                sounding[word] |= bit
                deliver(message)
            } else if sounding[word] & bit != 0 {
                sounding[word] &= ~bit
                deliver(message)
            }
        }
    }

    /// Forgets everything pending and reports a note-off at `time` for every sounding note.
    public mutating func silence(at time: SampleTime, _ deliver: (MIDIMessage) -> Void) {
        heapCount = 0
        for word in 0..<32 where sounding[word] != 0 {
            for bit in 0..<64 where sounding[word] & (UInt64(1) << UInt64(bit)) != 0 {
                deliver(MIDIMessage(time: time, channel: UInt8(word / 2), pitch: UInt8((word % 2) * 64 + bit), velocity: 0))
            }
            sounding[word] = 0
        }
    }

    /// Whether any note is sounding.
    public var isSounding: Bool {
        for word in 0..<32 where sounding[word] != 0 { return true }
        return false
    }

    private mutating func push(_ message: MIDIMessage) {
        guard heapCount < capacity else {
            droppedMessages += 1
            return
        }
        var i = heapCount
        (heap + i).initialize(to: message)
        heapCount += 1
        while i > 0 {
            let parent = (i - 1) / 2
            if precedes(heap[i], heap[parent]) {
                heap.swapAt(i, parent)
                i = parent
            } else {
                break
            }
        }
    }

    private mutating func pop() -> MIDIMessage {
        let top = heap[0]
        heapCount -= 1
        if heapCount > 0 {
            heap[0] = heap[heapCount]
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heapCount && precedes(heap[l], heap[smallest]) { smallest = l }
                if r < heapCount && precedes(heap[r], heap[smallest]) { smallest = r }
                if smallest == i { break }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }

    /// Earlier first; at equal times note-offs before note-ons (so a repeated note re-attacks).
    @inline(__always)
    private func precedes(_ a: MIDIMessage, _ b: MIDIMessage) -> Bool {
        a.time != b.time ? a.time < b.time : (a.velocity == 0 && b.velocity != 0)
    }
}

extension UnsafeMutablePointer {
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
