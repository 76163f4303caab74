import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// What the band graph tells a consumer while it plays (through an `EventQueue`, from the audio
/// thread): each beat it plays (with its chord and key), each note it starts or ends, and the
/// section it is directed to.
public enum BandEvent: Sendable, Equatable {
    /// A beat decided and scheduled (see `PlayedBeat.time` for when it sounds).
    case beat(PlayedBeat)
    /// A note-on or note-off sent to the synthesiser, stamped with the frame it sounds at.
    case note(MIDIMessage)
    /// The section the performer directed (nil: none), stamped with the block it took effect in.
    case section(SectionLabel?, time: SampleTime)
}
