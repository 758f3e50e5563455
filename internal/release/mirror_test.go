package release

import (
	"archive/zip"
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// release is a GoReleaser dist folder: the zips and the SHA256SUMS of one version.
type release struct {
	dir     string
	version string
	sums    map[string]string // file name -> hex sha256
}

// loadRelease reads RELEASE_DIST (set by make release-check) and checks every listed
// file against SHA256SUMS.
func loadRelease(t *testing.T) release {
	t.Helper()
	dir := os.Getenv("RELEASE_DIST")
	if dir == "" {
		t.Skip("RELEASE_DIST is not set: run make release-check, which builds the snapshot this test installs")
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "terraform-provider-intercom_*_SHA256SUMS"))
	if len(matches) != 1 {
		t.Fatalf("want one SHA256SUMS in %s, found %v", dir, matches)
	}
	r := release{dir: dir, sums: map[string]string{}}
	r.version = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(matches[0]), "terraform-provider-intercom_"), "_SHA256SUMS")
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			t.Fatalf("malformed SHA256SUMS line %q", sc.Text())
		}
		r.sums[fields[1]] = fields[0]
	}
	manifest := "terraform-provider-intercom_" + r.version + "_manifest.json"
	if _, ok := r.sums[manifest]; !ok {
		t.Errorf("SHA256SUMS does not list %s", manifest)
	}
	for name, want := range r.sums {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			if name == manifest {
				continue // the manifest is listed and uploaded, not kept in dist
			}
			t.Fatalf("%s is listed in SHA256SUMS but missing: %v", name, err)
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != want {
			t.Fatalf("%s: sha256 %x, SHA256SUMS says %s", name, got, want)
		}
	}
	return r
}

func (r release) zipName(platform string) string {
	return "terraform-provider-intercom_" + r.version + "_" + platform + ".zip"
}

func TestReleaseArtifacts(t *testing.T) {
	r := loadRelease(t)
	platform := runtime.GOOS + "_" + runtime.GOARCH
	name := r.zipName(platform)
	zr, err := zip.OpenReader(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer zr.Close()
	want := "terraform-provider-intercom_v" + r.version
	if len(zr.File) != 1 || zr.File[0].Name != want {
		names := []string{}
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		t.Fatalf("%s holds %v, want exactly %s", name, names, want)
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "terraform-registry-manifest.json"))
	if err != nil || json.Unmarshal(raw, &manifest) != nil || manifest.Version != 1 ||
		len(manifest.Metadata.ProtocolVersions) != 1 || manifest.Metadata.ProtocolVersions[0] != "6.0" {
		t.Fatalf("terraform-registry-manifest.json: %s %v", raw, err)
	}
}

// TestInstallFromNetworkMirror serves the release as a provider network mirror over
// HTTPS on loopback (the CLIs refuse plain HTTP for mirrors; the test's own CA is
// trusted through SSL_CERT_FILE) and runs a real init, without dev_overrides, then a
// plan against the emulator. The lock file must record our zip's hash.
func TestInstallFromNetworkMirror(t *testing.T) {
	r := loadRelease(t)
	cli := acctest.Current()
	if cli == nil {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make release-check)")
	}
	platform := runtime.GOOS + "_" + runtime.GOARCH
	zipName := r.zipName(platform)
	zipSum, ok := r.sums[zipName]
	if !ok {
		t.Fatalf("%s not in SHA256SUMS", zipName)
	}

	mirror, caFile := serveMirror(t, r)
	srv := emulator.New(emulator.Config{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	wd := acctest.NewBareWorkdir(t, map[string]string{"main.tf": `terraform {
  required_providers {
    intercom = {
      source  = "salestim/intercom"
      version = "` + r.version + `"
    }
  }
}
provider "intercom" {}
resource "intercom_two_factor_authentication" "this" { required = true }
data "intercom_workspace" "this" {}
`}, `provider_installation {
  network_mirror {
    url = "`+mirror+`/"
  }
}
`)
	wd.Env = append(wd.Env, "SSL_CERT_FILE="+caFile,
		"INTERCOM_BASE_URL="+srv.URL(), "INTERCOM_ACCESS_TOKEN="+emulator.DefaultWorkspace.Token)

	res := wd.MustRun([]string{"init", "-input=false"})
	if !strings.Contains(res.Output(), r.version) {
		t.Fatalf("init did not install version %s:\n%s", r.version, res.Output())
	}
	lock, err := os.ReadFile(filepath.Join(wd.Dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	// From a mirror the CLI records the h1: hash of the package it verified against the
	// mirror's zh: (SHA-256 of our zip, from SHA256SUMS); h1: is computed here over our
	// own zip, independently.
	h1, err := dirhash.HashZip(filepath.Join(r.dir, zipName), dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(lock), `"`+h1+`"`) {
		t.Fatalf("the lock file does not record our zip's hash %s:\n%s", h1, lock)
	}
	if !regexp.MustCompile(`version\s+= "` + regexp.QuoteMeta(r.version) + `"`).Match(lock) {
		t.Fatalf("the lock file does not pin version %s:\n%s", r.version, lock)
	}
	plan := wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 2)
	if !strings.Contains(plan.Output(), "intercom_two_factor_authentication.this will be created") {
		t.Fatalf("plan with the installed provider:\n%s", plan.Output())
	}
	if srv.Stats().Endpoints["GET /me"] == 0 {
		t.Fatal("the installed provider never called the emulator")
	}
	t.Logf("%s installed %s from the network mirror (zip zh:%s); lock file holds %s", cli, r.version, zipSum, h1)
}

// serveMirror serves the provider network mirror protocol for both registries' host
// names over HTTPS, and returns its URL and the CA file that makes the CLI trust it.
func serveMirror(t *testing.T, r release) (string, string) {
	t.Helper()
	mux := http.NewServeMux()
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		base := "/" + host + "/salestim/intercom/"
		mux.HandleFunc("GET "+base+"index.json", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"versions": map[string]any{r.version: map[string]any{}}})
		})
		mux.HandleFunc("GET "+base+r.version+".json", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			archives := map[string]any{}
			for name, sum := range r.sums {
				p := strings.TrimSuffix(strings.TrimPrefix(name, "terraform-provider-intercom_"+r.version+"_"), ".zip")
				if strings.HasSuffix(name, ".zip") {
					archives[p] = map[string]any{"url": name, "hashes": []string{"zh:" + sum}}
				}
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"archives": archives})
		})
		mux.Handle("GET "+base+"{file}", http.StripPrefix(base, http.FileServer(http.Dir(r.dir))))
	}
	ts := httptest.NewUnstartedServer(mux)
	cert, caPEM := selfSignedCert(t)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	caFile := filepath.Join(t.TempDir(), "mirror-ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return ts.URL, caFile
}

// selfSignedCert makes a certificate for 127.0.0.1 that is its own CA.
func selfSignedCert(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "intercom provider test mirror"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	if err != nil {
		t.Fatal(err)
	}
	return cert, certPEM
}
