import ArgumentParser
import PerformiaEngine

extension ChordMethod: ExpressibleByArgument {}
