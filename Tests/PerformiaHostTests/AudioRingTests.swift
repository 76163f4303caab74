import Foundation
import PerformiaHost
import Testing

@Suite struct AudioRingTests {
    @Test func capacityIsAPowerOfTwoAndWrapsInOrder() {
        let ring = AudioRing(channelCount: 2, minimumCapacityFrames: 100)
        #expect(ring.capacityFrames == 128)
        var next: Float = 0
        var expected: Float = 0
        let source = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 70)
        let destination = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 70)
        defer { source.deallocate(); destination.deallocate() }
        var sources: [UnsafePointer<Float>] = [UnsafePointer(source), UnsafePointer(source + 70)]
        var destinations: [UnsafeMutablePointer<Float>] = [destination, destination + 70]
        for round in 0..<50 {
            let n = 1 + (round * 37) % 70
            for f in 0..<n {
                source[f] = next
                source[70 + f] = -next
                next += 1
            }
            let written = ring.write(&sources, frameCount: n)
            #expect(written == n)
            let m = ring.availableFramesToRead
            let read = ring.read(into: &destinations, frameCount: 70)
            #expect(read == m)
            for f in 0..<read {
                #expect(destination[f] == expected && destination[70 + f] == -expected)
                expected += 1
            }
        }
        #expect(expected == next)
    }

    @Test func refusesWhatDoesNotFitAndReportsEmpty() {
        let ring = AudioRing(channelCount: 1, minimumCapacityFrames: 64)
        var block = [Float](repeating: 1, count: 100)
        var out = [Float](repeating: 0, count: 100)
        block.withUnsafeBufferPointer { b in
            var pointers = [b.baseAddress!]
            #expect(ring.write(&pointers, frameCount: 100) == 64)
            #expect(ring.write(&pointers, frameCount: 1) == 0)
        }
        #expect(ring.availableFramesToWrite == 0)
        out.withUnsafeMutableBufferPointer { o in
            var pointers = [o.baseAddress!]
            #expect(ring.read(into: &pointers, frameCount: 100) == 64)
            #expect(ring.read(into: &pointers, frameCount: 100) == 0)
        }
        #expect(!ring.isFinishedWriting)
        ring.finishWriting()
        #expect(ring.isFinishedWriting)
        block[0] = 0
    }

    /// One producer and one consumer thread, odd chunk sizes, a counting sequence: every sample
    /// arrives once, in order.
    @Test func producerAndConsumerThreadsKeepTheOrder() {
        let ring = AudioRing(channelCount: 1, minimumCapacityFrames: 256)
        let total = 2_000_000
        let producer = Thread {
            let chunk = UnsafeMutablePointer<Float>.allocate(capacity: 97)
            defer { chunk.deallocate() }
            var pointers = [UnsafePointer(chunk)]
            var sent = 0
            while sent < total {
                let n = min(97 - sent % 13, total - sent)
                for f in 0..<n { chunk[f] = Float((sent + f) % 1_000_000) }
                var done = 0
                while done < n {
                    pointers[0] = UnsafePointer(chunk + done)
                    done += ring.write(&pointers, frameCount: n - done)
                }
                sent += n
            }
            ring.finishWriting()
        }
        producer.start()
        let chunk = UnsafeMutablePointer<Float>.allocate(capacity: 61)
        defer { chunk.deallocate() }
        var pointers = [chunk]
        var received = 0
        var errors = 0
        while received < total {
            let n = ring.read(into: &pointers, frameCount: 61)
            for f in 0..<n where chunk[f] != Float((received + f) % 1_000_000) { errors += 1 }
            received += n
        }
        #expect(errors == 0)
        #expect(received == total)
        while !ring.isFinishedWriting { usleep(1000) }
        #expect(ring.availableFramesToRead == 0)
    }
}
