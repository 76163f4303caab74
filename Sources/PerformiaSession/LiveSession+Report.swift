import PerformiaHost

extension LiveSession {
    /// What a session did, for the latency report and tests. Frames are at `sampleRate`.
    public struct Report: Sendable {
        public var sampleRate: Double
        /// Frames the band rendered (the input's, plus any tail).
        public var frames: Int64
        /// The input block: JACK's period, or the driver's block.
        public var blockFrames: Int
        /// Audio seconds per wall-clock second (fast file input only).
        public var realTimeFactor: Double?
        /// How late a beat is heard after it sounds (onset detector).
        public var beatLatencyFrames: Int
        /// How late the chord of a beat is known after the beat starts.
        public var beatChordLatencyFrames: Int
        /// How late the chord tracker's changes (for the key) are.
        public var chordLatencyFrames: Int
        /// The median of how far ahead of their beat the band scheduled its notes (negative: late).
        public var medianSchedulingLeadFrames: Int64?
        public var beatsPlayed: Int
        public var beatsAnticipated: Int
        public var lateNotes: Int
        /// The band played its ending (`e`, or `BandControl.requestEnding`).
        public var endedByBand: Bool
        /// Real-time sessions: under-runs, the callback's cost, and why the session stopped.
        public var device: Device?
        /// With live stems: how long after the input the band hears the stems, in frames.
        public var separationLatencyFrames: Int?

        /// What a JACK session reports.
        public struct Device: Sendable {
            public var xruns: Int
            public var blockCost: JackSession.BlockCost
            public var stopReason: JackSession.StopReason?
        }
    }
}
