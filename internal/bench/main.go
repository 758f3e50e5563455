// Command bench measures the provider at scale against the emulator (run as a process):
// for N resources spread over M workspaces it times apply and plan (refresh) with each
// CLI, reads the provider's peak memory and the API calls per resource from the
// emulator's counters, and compares with three floors planned by the same CLI: N
// terraform_data resources (no provider at all), a provider that does nothing
// (noopprovider, framework defaults) and the same provider set up like ours, with
// identities (NOOP_LIKE_INTERCOM=1). It then applies 200 resources under a
// 20-calls-per-10-seconds rate limit and counts the 429s.
//
//	go run ./internal/bench -terraform .bin/terraform -tofu .bin/tofu
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	terraform := flag.String("terraform", ".bin/terraform", "Terraform binary")
	oldest := flag.String("terraform-oldest", "", "another Terraform binary, e.g. the oldest supported ('' to skip)")
	tofu := flag.String("tofu", ".bin/tofu", "OpenTofu binary ('' to skip)")
	runs := flag.Int("runs", 5, "plans per point, alternating the provider and its floors; the table gives the median and min-max")
	sizes := flag.String("n", "1,10,100,500", "resource counts")
	perWorkspace := flag.Int("per-workspace", 50, "resources per workspace (provider alias)")
	skipRateLimit := flag.Bool("skip-rate-limit", false, "skip the rate-limit scenario")
	flag.Parse()

	// The CLIs run in other folders: make their paths absolute.
	for _, p := range []*string{terraform, oldest, tofu} {
		if *p != "" {
			abs, err := filepath.Abs(*p)
			if err != nil {
				log.Fatal(err)
			}
			*p = abs
		}
	}
	clis := []string{*terraform}
	for _, c := range []string{*oldest, *tofu} {
		if c != "" {
			clis = append(clis, c)
		}
	}
	if err := run(clis, *sizes, *perWorkspace, *runs, *skipRateLimit); err != nil {
		log.Fatal(err)
	}
}

func run(clis []string, sizes string, perWorkspace, runs int, skipRateLimit bool) error {
	b, err := newBench()
	if err != nil {
		return err
	}
	defer b.close()
	b.runs = max(runs, 1)

	var rows []row
	for _, cli := range clis {
		for _, field := range strings.Split(sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(field))
			if err != nil {
				return fmt.Errorf("-n: %w", err)
			}
			r, err := b.measure(cli, n, perWorkspace)
			if err != nil {
				return fmt.Errorf("%s N=%d: %w", cli, n, err)
			}
			rows = append(rows, r)
			fmt.Fprintf(os.Stderr, "measured %s N=%d\n", r.cli, n)
		}
	}
	printTable(rows)

	if !skipRateLimit {
		for _, cli := range clis {
			rl, err := b.rateLimited(cli)
			if err != nil {
				return fmt.Errorf("rate limit scenario: %w", err)
			}
			fmt.Printf("\nrate limit (%s): 200 resources over 10 workspaces at 20 calls/10 s each, -parallelism=10: "+
				"%d failed resources, %d answers 429, %d calls, apply %.1f s\n", rl.cli, rl.failed, rl.throttled, rl.calls, rl.apply.Seconds())
		}
	}
	return nil
}

// bench holds the built binaries and a running emulator process.
type bench struct {
	dir       string
	providers string // folder with terraform-provider-intercom, for dev_overrides
	emulator  *exec.Cmd
	url       string
	runs      int // plans per point
}

func newBench() (*bench, error) {
	dir, err := os.MkdirTemp("", "intercom-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{dir: dir, providers: filepath.Join(dir, "providers")}
	for _, build := range [][]string{
		{"-o", filepath.Join(b.providers, "terraform-provider-intercom"), "."},
		{"-o", filepath.Join(dir, "intercom-emulator"), "./internal/emulator/cmd/intercom-emulator"},
		{"-o", filepath.Join(b.providers, "terraform-provider-noop"), "./internal/bench/noopprovider"},
	} {
		cmd := exec.Command("go", append([]string{"build"}, build...)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("go build %v: %w", build, err)
		}
	}
	return b, nil
}

// startEmulator (re)starts the emulator process with workspaces w0…w(m-1).
func (b *bench) startEmulator(workspaces, rateLimit int) error {
	b.stopEmulator()
	type ws struct {
		IDCode string `json:"id_code"`
		Token  string `json:"token"`
		Name   string `json:"name"`
	}
	cfg := struct {
		Workspaces []ws `json:"workspaces"`
		RateLimit  int  `json:"rate_limit"`
	}{RateLimit: rateLimit}
	for i := range workspaces {
		cfg.Workspaces = append(cfg.Workspaces, ws{IDCode: fmt.Sprintf("bench%03d", i), Token: fmt.Sprintf("bench-token-%d", i), Name: "bench"})
	}
	raw, _ := json.Marshal(cfg)
	cfgFile, urlFile := filepath.Join(b.dir, "emulator.json"), filepath.Join(b.dir, "emulator.url")
	_ = os.Remove(urlFile)
	if err := os.WriteFile(cfgFile, raw, 0o600); err != nil {
		return err
	}
	b.emulator = exec.Command(filepath.Join(b.dir, "intercom-emulator"), "-listen", "127.0.0.1:0", "-config", cfgFile, "-url-file", urlFile)
	if err := b.emulator.Start(); err != nil {
		return err
	}
	for range 100 {
		if u, err := os.ReadFile(urlFile); err == nil && len(u) > 0 {
			b.url = string(u)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the emulator did not start")
}

func (b *bench) stopEmulator() {
	if b.emulator != nil && b.emulator.Process != nil {
		_ = b.emulator.Process.Signal(os.Interrupt)
		_ = b.emulator.Wait()
	}
	b.emulator = nil
}

func (b *bench) close() {
	b.stopEmulator()
	_ = os.RemoveAll(b.dir)
}

// stats reads and resets the emulator's counters.
func (b *bench) stats() (total, me, throttled int, err error) {
	resp, err := http.Get(b.url + "/_emulator/stats")
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	var s struct {
		Total       int            `json:"total"`
		RateLimited int            `json:"rate_limited"`
		Endpoints   map[string]int `json:"endpoints"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return 0, 0, 0, err
	}
	req, _ := http.NewRequest(http.MethodDelete, b.url+"/_emulator/stats", nil)
	req.Header.Set("Content-Type", "application/json") // the emulator's rule for control writes
	if r, err := http.DefaultClient.Do(req); err == nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return s.Total, s.Endpoints["GET /me"], s.RateLimited, nil
}

// config writes n intercom resources over ceil(n/perWorkspace) provider aliases: per
// workspace one intercom_two_factor_authentication and trusted domains for the rest.
func (b *bench) config(n, perWorkspace int) string {
	var sb strings.Builder
	sb.WriteString("terraform {\n  required_providers {\n    intercom = { source = \"salestim/intercom\" }\n  }\n}\n")
	workspaces := (n + perWorkspace - 1) / perWorkspace
	for w := range workspaces {
		count := min(perWorkspace, n-w*perWorkspace)
		fmt.Fprintf(&sb, "provider \"intercom\" {\n  alias        = \"w%d\"\n  base_url     = %q\n  access_token = \"bench-token-%d\"\n}\n", w, b.url, w)
		fmt.Fprintf(&sb, "resource \"intercom_two_factor_authentication\" \"w%d\" {\n  provider = intercom.w%d\n  required = true\n}\n", w, w)
		if count > 1 {
			fmt.Fprintf(&sb, "resource \"intercom_messenger_trusted_domain\" \"w%d\" {\n  provider = intercom.w%d\n  count    = %d\n  domain   = \"d${count.index}.w%d.example\"\n}\n", w, w, count-1, w)
		}
	}
	return sb.String()
}

func floorConfig(n int) string {
	return fmt.Sprintf("resource \"terraform_data\" \"floor\" {\n  count = %d\n  input = \"d${count.index}\"\n}\n", n)
}

// frameworkFloorConfig is N resources of a provider that does nothing, in the shape of
// config (the same provider configurations, and per workspace one single resource and a
// counted block for the rest): the cost of being an external provider.
func frameworkFloorConfig(n, perWorkspace int) string {
	var sb strings.Builder
	sb.WriteString("terraform {\n  required_providers {\n    noop = { source = \"salestim/noop\" }\n  }\n}\n")
	for w := range (n + perWorkspace - 1) / perWorkspace {
		count := min(perWorkspace, n-w*perWorkspace)
		fmt.Fprintf(&sb, "provider \"noop\" {\n  alias = \"w%d\"\n}\n", w)
		fmt.Fprintf(&sb, "resource \"noop_thing\" \"single_w%d\" {\n  provider = noop.w%d\n  input    = \"single\"\n}\n", w, w)
		if count > 1 {
			fmt.Fprintf(&sb, "resource \"noop_thing\" \"w%d\" {\n  provider = noop.w%d\n  count    = %d\n  input    = \"d${count.index}\"\n}\n", w, w, count-1)
		}
	}
	return sb.String()
}

// sample is the plans of one point: their median, minimum and maximum.
type sample struct{ median, min, max time.Duration }

func (s sample) String() string {
	return fmt.Sprintf("%.2f (%.2f-%.2f)", s.median.Seconds(), s.min.Seconds(), s.max.Seconds())
}

func sampleOf(ds []time.Duration) sample {
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sample{median: sorted[len(sorted)/2], min: sorted[0], max: sorted[len(sorted)-1]}
}

type row struct {
	cli                string
	n, workspaces      int
	apply              time.Duration
	plan, floorPlan    sample
	frameworkFloorPlan sample  // a do-nothing provider built with the same framework
	likeOursPlan       sample  // the same, its process set up like ours, with identities
	callsPerResource   float64 // refresh, GET /me excluded
	meCalls            int     // during the refresh plan
	peakRSS            int64   // KiB, provider processes, max
}

func (b *bench) measure(cli string, n, perWorkspace int) (row, error) {
	workspaces := (n + perWorkspace - 1) / perWorkspace
	if err := b.startEmulator(workspaces, 1<<30); err != nil {
		return row{}, err
	}
	r := row{cli: cliName(cli), n: n, workspaces: workspaces}
	cfg := b.config(n, perWorkspace)
	wd, err := b.workdir(cli, cfg)
	if err != nil {
		return r, err
	}
	if r.apply, _, err = wd.run("apply", "-auto-approve", "-input=false"); err != nil {
		return r, err
	}
	if _, _, _, err := b.stats(); err != nil {
		return r, err
	}
	var rss int64
	if _, rss, err = wd.run("plan", "-input=false"); err != nil {
		return r, err
	}
	r.peakRSS = rss
	total, me, _, err := b.stats()
	if err != nil {
		return r, err
	}
	r.meCalls = me
	r.callsPerResource = float64(total-me) / float64(n)

	floor, err := b.workdir(cli, floorConfig(n))
	if err != nil {
		return r, err
	}
	if _, _, err := floor.run("apply", "-auto-approve", "-input=false"); err != nil {
		return r, err
	}
	noop, err := b.workdir(cli, frameworkFloorConfig(n, perWorkspace))
	if err != nil {
		return r, err
	}
	if _, _, err := noop.run("apply", "-auto-approve", "-input=false"); err != nil {
		return r, err
	}
	// The same do-nothing provider, set up like ours and with identities (noopprovider).
	like, err := b.workdir(cli, frameworkFloorConfig(n, perWorkspace))
	if err != nil {
		return r, err
	}
	like.env = append(like.env, "NOOP_LIKE_INTERCOM=1")
	if _, _, err := like.run("apply", "-auto-approve", "-input=false"); err != nil {
		return r, err
	}
	// The four plans alternate, so that a slow moment of the machine falls on all of
	// them alike; each point is the median of b.runs plans.
	var plans, floors, noops, likes []time.Duration
	for range b.runs {
		for _, m := range []struct {
			w   *workdir
			out *[]time.Duration
		}{{wd, &plans}, {floor, &floors}, {noop, &noops}, {like, &likes}} {
			d, _, err := m.w.run("plan", "-input=false")
			if err != nil {
				return r, err
			}
			*m.out = append(*m.out, d)
		}
	}
	r.plan, r.floorPlan, r.frameworkFloorPlan, r.likeOursPlan = sampleOf(plans), sampleOf(floors), sampleOf(noops), sampleOf(likes)
	return r, nil
}

type rateLimitResult struct {
	cli                      string
	failed, throttled, calls int
	apply                    time.Duration
}

func (b *bench) rateLimited(cli string) (rateLimitResult, error) {
	if err := b.startEmulator(10, 20); err != nil {
		return rateLimitResult{}, err
	}
	cfg := b.config(200, 20)
	wd, err := b.workdir(cli, cfg)
	if err != nil {
		return rateLimitResult{}, err
	}
	res := rateLimitResult{cli: cliName(cli)}
	var out string
	res.apply, out, err = wd.runOutput("apply", "-auto-approve", "-input=false", "-parallelism=10")
	res.failed = strings.Count(out, "Error:")
	if err != nil && res.failed == 0 {
		return res, err
	}
	res.calls, _, res.throttled, err = b.stats()
	return res, err
}

// workdir is a folder with main.tf and a CLI config that installs the built provider.
type workdir struct {
	cli, dir string
	env      []string
}

func (b *bench) workdir(cli, config string) (*workdir, error) {
	dir, err := os.MkdirTemp(b.dir, "wd-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "cli.tfrc")
	rcBody := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"salestim/intercom\" = %q\n    \"salestim/noop\" = %q\n  }\n  direct {}\n}\n", b.providers, b.providers)
	if err := os.WriteFile(rc, []byte(rcBody), 0o600); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return &workdir{cli: cli, dir: dir, env: env}, nil
}

// run times one CLI command and returns the provider processes' peak RSS (KiB).
func (w *workdir) run(args ...string) (time.Duration, int64, error) {
	d, out, peak, err := w.runMeasured(args...)
	if err != nil {
		return d, 0, fmt.Errorf("%s %v: %w\n%s", w.cli, args, err, out)
	}
	return d, peak, nil
}

func (w *workdir) runOutput(args ...string) (time.Duration, string, error) {
	d, out, _, err := w.runMeasured(args...)
	return d, out, err
}

// runMeasured runs one CLI command, returning its wall time, output and the provider
// processes' peak RSS (KiB).
func (w *workdir) runMeasured(args ...string) (time.Duration, string, int64, error) {
	cmd := exec.Command(w.cli, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	watcher := watchPeakRSS("terraform-provider-intercom")
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	return d, out.String(), watcher.stop(), err
}

func cliName(path string) string {
	out, _ := exec.Command(path, "version").Output()
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 2 && (f[0] == "Terraform" || f[0] == "OpenTofu") {
			return f[0] + " " + strings.TrimPrefix(f[1], "v")
		}
	}
	return filepath.Base(path)
}

func printTable(rows []row) {
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "CLI\tN\tworkspaces\tapply s\tplan s (min-max)\tfloor plan s\tplan/floor\tno-op provider plan s (min-max)\tplan/no-op\t"+
		"no-op like ours plan s (min-max)\tplan/like ours\tcalls/resource (refresh)\tGET /me\tprovider peak RSS MiB\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%s\t%.2f\t%.2f\t%s\t%.2f\t%s\t%.2f\t%.2f\t%d\t%.1f\t\n",
			r.cli, r.n, r.workspaces, r.apply.Seconds(), r.plan,
			r.floorPlan.median.Seconds(), r.plan.median.Seconds()/r.floorPlan.median.Seconds(),
			r.frameworkFloorPlan, r.plan.median.Seconds()/r.frameworkFloorPlan.median.Seconds(),
			r.likeOursPlan, r.plan.median.Seconds()/r.likeOursPlan.median.Seconds(),
			r.callsPerResource, r.meCalls, float64(r.peakRSS)/1024)
	}
	_ = tw.Flush()
}
