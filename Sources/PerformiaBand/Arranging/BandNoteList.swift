import PerformiaCore

/// A fixed-capacity list of `BandNote`s, allocated once and reused beat after beat — the core's
/// `EventBuffer`: `append` never allocates; when full it drops the note and counts it in
/// `droppedCount`, so the audio thread never blocks or grows memory. Size it with
/// `Arranger.maximumNotesPerBeat` × the beats you collect before clearing.
public typealias BandNoteList = EventBuffer<BandNote>
