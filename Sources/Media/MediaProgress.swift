/// Progress callback of media operations: units (frames) done so far and the expected total,
/// nil when unknown. Called from a background thread, possibly many times per second.
public typealias MediaProgress = @Sendable (_ done: Int, _ total: Int?) -> Void
