import ArgumentParser
import PerformiaEngine

extension RhythmMethod: ExpressibleByArgument {}
