import PerformiaFuzzing
import Testing

/// The bounded smoke mode of the fuzz targets: `smokeInputs` (1000–2000) seeded mutations of each
/// target's seeds (truncations, random bytes, extreme numbers and NaN, deep nesting) must each
/// give a result or a refusal with a one-line message — never a crash. docs/fuzzing.md has
/// the long libFuzzer runs.
@Suite struct ParserPropertyTests {
    @Test(arguments: FuzzTarget.all)
    func mutatedInputsAreAcceptedOrRefusedInOneLine(_ target: FuzzTarget) {
        let seeds = target.seeds()
        #expect(!seeds.isEmpty, "no seeds for \(target.name)")
        for seed in seeds { #expect(target.run(seed) == .accepted, "a seed of \(target.name) is refused") }
        var mutator = InputMutator(seed: 0x5EED, corpus: seeds)
        var rejected = 0
        for _ in 0..<target.smokeInputs {
            let input = mutator.next()
            let outcome = target.run(input)
            if case .rejected = outcome { rejected += 1 }
            if let problem = FuzzTarget.problem(with: outcome) {
                Issue.record("\(target.name): \(problem); input: \(input.prefix(200))")
            }
        }
        #expect(rejected > 0, "the mutations never reached an error path of \(target.name)")
    }
}
