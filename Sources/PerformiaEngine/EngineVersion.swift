/// The engine's version, written into every Song Map's analysis block.
public enum EngineVersion {
    public static let string = "0.1.0"
}
