/// `count` followed by `noun` in the singular for exactly one and in the plural (`noun` + "s") otherwise:
/// "1 value", "0 values", "2 values". Every error message that states a count says it this way.
public func counted(_ count: Int, _ noun: String) -> String {
    count == 1 ? "\(count) \(noun)" : "\(count) \(noun)s"
}
