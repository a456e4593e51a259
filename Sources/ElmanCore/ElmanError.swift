/// What can be wrong with values handed to ElmanCore from outside (weights, series).
///
/// The associated strings name the offending value for a human; callers match on the case.
public enum ElmanError: Error, Equatable, Sendable {
    /// A size does not match the hidden size (e.g. `w1` must hold (hidden + 1) × hidden values).
    case shape(String)
    /// A value is NaN or infinite.
    case notFinite(String)
    /// A training series needs at least two values (one input and its target); carries the count given.
    case seriesTooShort(Int)
}
