package pluginproc

// Tune applies QuietUnlessWanted, except under -debug (debug), where the developer reads
// the provider's stderr, and PaceGC.
func Tune(providerName string, debug bool) error {
	if !debug {
		if err := QuietUnlessWanted(providerName); err != nil {
			return err
		}
	}
	PaceGC()
	return nil
}
