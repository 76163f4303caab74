import PerformiaBand

extension FuzzTarget {
    /// `HarmonyModelParser` and `HarmonyModel` over a model file; seeds: the shipped model and a
    /// small hand-written one.
    public static let harmonyModel = FuzzTarget(name: "harmony-model", smokeInputs: 1000, seeds: {
        resource("band/harmony-model.txt")
            + [Array("performia-harmony 1\nreference relative-major\n1 0:maj 3\n2 7:7 0:maj 2\n3 2:min7 7:7 0:maj 1\nend\n".utf8)]
    }) { bytes in
        do {
            _ = try HarmonyModel(parsing: String(decoding: bytes, as: UTF8.self))
            return .accepted
        } catch {
            return .rejected(String(describing: error))
        }
    }
}
