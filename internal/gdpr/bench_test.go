package gdpr_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// BenchmarkEraseAtTheRateLimit erases 1,000 subjects (found by external id) against the
// emulator with a rate limit of 600 calls a second, with the provider's default client
// settings: the time is reported against the ideal, calls ÷ limit, and so are the 429
// answers that reached the client (its pacer should leave none).
func BenchmarkEraseAtTheRateLimit(b *testing.B) {
	const subjects, perSecond = 1000, 600
	for b.Loop() {
		b.StopTimer()
		srv := emulator.New(emulator.Config{Window: time.Second, RateLimit: perSecond})
		if err := srv.Start("127.0.0.1:0"); err != nil {
			b.Fatal(err)
		}
		ids := make([]string, subjects)
		for i := range ids {
			ids[i] = fmt.Sprintf("bench-%04d", i)
			if _, err := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "user", ExternalID: ids[i]}); err != nil {
				b.Fatal(err)
			}
		}
		raw, _ := json.Marshal(map[string][]string{"external_ids": ids})
		var builder gdpr.Builder
		gdpr.ParseFile(&builder, raw)
		req, problems := builder.Result()
		if len(problems) > 0 {
			b.Fatal(problems)
		}
		client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token, MaxRetries: 3})
		if err != nil {
			b.Fatal(err)
		}
		srv.ResetStats()
		b.StartTimer()
		start := time.Now()
		r := gdpr.Erase(context.Background(), client, req, gdpr.Options{})
		elapsed := time.Since(start)
		b.StopTimer()
		stats := srv.Stats()
		_ = srv.Close()
		if r.Count(gdpr.Erased) != subjects {
			b.Fatalf("erased %d of %d", r.Count(gdpr.Erased), subjects)
		}
		ideal := time.Duration(float64(stats.Total) / perSecond * float64(time.Second))
		b.ReportMetric(elapsed.Seconds()/ideal.Seconds(), "x-ideal")
		b.ReportMetric(float64(stats.RateLimited), "429s")
		b.ReportMetric(float64(stats.Total), "calls")
		b.StartTimer()
	}
}

// BenchmarkSubjectsFile100k reads a subjects file of 100,000 e-mail addresses and runs
// a dry run over it (every subject looked up, none found), reporting the process's peak
// resident memory: what a large request costs the machine that runs it.
func BenchmarkSubjectsFile100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "DSR-large.json")
	var file strings.Builder
	file.WriteString(`{"emails": [`)
	for i := range 100_000 {
		if i > 0 {
			file.WriteString(",")
		}
		fmt.Fprintf(&file, `"  person.%06d@example.org "`, i)
	}
	file.WriteString("]}")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	file.Reset()
	for b.Loop() {
		var builder gdpr.Builder
		gdpr.ReadFile(&builder, path)
		req, problems := builder.Result()
		if len(problems) > 0 || len(req.Subjects) != 100_000 {
			b.Fatalf("%d subjects, %v", len(req.Subjects), problems)
		}
		r := gdpr.Erase(context.Background(), emptyDirectory{}, req, gdpr.Options{DryRun: true})
		if r.Count(gdpr.NotFound) != 100_000 {
			b.Fatalf("not found %d", r.Count(gdpr.NotFound))
		}
	}
	b.ReportMetric(peakRSSMiB(b), "peak-RSS-MiB")
}

type emptyDirectory struct{}

func (emptyDirectory) GetContact(context.Context, string) (*intercom.Contact, error) { return nil, nil }
func (emptyDirectory) SearchContactsByEmail(context.Context, string) ([]intercom.Contact, error) {
	return nil, nil
}
func (emptyDirectory) SearchContactsByExternalID(context.Context, string) ([]intercom.Contact, error) {
	return nil, nil
}
func (emptyDirectory) DeleteContact(context.Context, string) error { return nil }

// peakRSSMiB is the process's peak resident memory (VmHWM), in MiB.
func peakRSSMiB(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status: peak RSS is measured on Linux")
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmHWM line")
	return 0
}

// BenchmarkExport10kParts exports the records of 5 subjects whose 40 conversations hold
// 10,000 parts in all (250 each, 200 bytes a part) against the emulator at 30 calls a
// second (so the run spans three rate-limit windows), with the provider's default client
// settings: the time against the ideal (calls ÷ limit), the 429s that reached the
// client, the bundle's size and the peak memory.
func BenchmarkExport10kParts(b *testing.B) {
	const subjects, convsEach, partsEach, perSecond = 5, 8, 250, 30
	body := strings.Repeat("x", 200)
	for b.Loop() {
		b.StopTimer()
		srv := emulator.New(emulator.Config{Window: time.Second, RateLimit: perSecond})
		if err := srv.Start("127.0.0.1:0"); err != nil {
			b.Fatal(err)
		}
		ws := emulator.DefaultWorkspace.IDCode
		ids := make([]string, subjects)
		for i := range ids {
			ids[i] = fmt.Sprintf("export-%d", i)
			id, err := srv.AddContact(ws, emulator.Contact{ExternalID: ids[i], Notes: []string{body}, Tags: []string{"vip"}})
			if err != nil {
				b.Fatal(err)
			}
			for range convsEach {
				parts := make([]emulator.ConversationPart, partsEach)
				for j := range parts {
					parts[j].Body = body
				}
				if _, err := srv.AddConversation(ws, emulator.Conversation{ContactID: id, Source: emulator.ConversationPart{Body: body}, Parts: parts}); err != nil {
					b.Fatal(err)
				}
			}
		}
		raw, _ := json.Marshal(map[string][]string{"external_ids": ids})
		var builder gdpr.Builder
		gdpr.ParseFile(&builder, raw)
		req, problems := builder.Result()
		if len(problems) > 0 {
			b.Fatal(problems)
		}
		client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token, MaxRetries: 4})
		if err != nil {
			b.Fatal(err)
		}
		dir := filepath.Join(b.TempDir(), "DSR-bench")
		bundle, err := gdpr.CreateBundle(dir, "")
		if err != nil {
			b.Fatal(err)
		}
		srv.ResetStats()
		b.StartTimer()
		start := time.Now()
		r := gdpr.Export(context.Background(), client, req, gdpr.Options{}, bundle)
		m, err := bundle.Finish(gdpr.NewReceipt(r, gdpr.ReceiptMeta{RequestID: "DSR-bench"}))
		elapsed := time.Since(start)
		b.StopTimer()
		stats := srv.Stats()
		_ = srv.Close()
		parts := 0
		var size int64
		for _, c := range m.Contacts {
			parts += c.ConversationParts
		}
		for _, f := range m.Files {
			size += f.Bytes
		}
		if err != nil || r.Count(gdpr.Exported) != subjects || parts != subjects*convsEach*partsEach {
			b.Fatalf("exported %d of %d, %d parts (%v)", r.Count(gdpr.Exported), subjects, parts, err)
		}
		ideal := time.Duration(float64(stats.Total) / perSecond * float64(time.Second))
		b.ReportMetric(elapsed.Seconds()/ideal.Seconds(), "x-ideal")
		b.ReportMetric(float64(stats.RateLimited), "429s")
		b.ReportMetric(float64(stats.Total), "calls")
		b.ReportMetric(float64(size)/(1<<20), "bundle-MiB")
		b.StartTimer()
	}
	b.ReportMetric(peakRSSMiB(b), "peak-RSS-MiB")
}
