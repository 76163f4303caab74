#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable POSIX thread running a closure: the session's non-real-time helpers (the file
/// reader, the stop monitor) need `join` on close, which Foundation's `Thread` lacks.
final class NativeThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var thread: pthread_t?

    /// Starts `body` on a new thread at normal (non-real-time) priority.
    init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { raw in
            #if canImport(Darwin)
            let box = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            #else
            let box = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            #endif
            box.run()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed (\(status))")
        thread = handle
    }

    /// Waits for the thread to finish; later calls return at once.
    func join() {
        guard let handle = thread else { return }
        thread = nil
        pthread_join(handle, nil)
    }
}
