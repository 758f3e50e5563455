package provider

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// The multiple-workspaces example, as the guide runs it: three workspaces on three
// aliases, their tokens in ephemeral variables. The saved plan, what show -json prints and
// the state hold none of the tokens; apply from the saved plan still reaches each workspace.
func TestAccMultipleWorkspacesTokensStayOutOfThePlan(t *testing.T) {
	t.Parallel()
	acctest.SkipUnlessCLIAtLeast(t, "1.10.0", "1.11.0", "ephemeral variables")
	eu := emulator.WorkspaceConfig{IDCode: "def67890", Name: "SalesTim EU", Region: "EU", Timezone: "Europe/Dublin",
		Token: "dG9rOmV1LXdvcmtzcGFjZS10b2tlbi0xMjM0NTY3OA==", AdminID: "991301", AdminName: "Eve EU", AdminEmail: "eve@salestim.com"}
	au := emulator.WorkspaceConfig{IDCode: "ghi13579", Name: "SalesTim AU", Region: "AU", Timezone: "Australia/Sydney",
		Token: "dG9rOmF1LXdvcmtzcGFjZS10b2tlbi05ODc2NTQzMg==", AdminID: "991302", AdminName: "Ava AU", AdminEmail: "ava@salestim.com"}
	srv := acctest.StartEmulator(t, eu, au)
	for _, ws := range []string{emulator.DefaultWorkspace.IDCode, eu.IDCode, au.IDCode} {
		srv.SetCallerIP(ws, "203.0.113.10") // the example lets 203.0.113.0/24 in
	}
	wd := acctest.NewWorkdir(t, exampleFiles(t, filepath.Join("..", "..", "examples", "multiple-workspaces")))
	tokens := []string{emulator.DefaultWorkspace.Token, eu.Token, au.Token}
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(),
		"TF_VAR_token_us="+tokens[0], "TF_VAR_token_eu="+tokens[1], "TF_VAR_token_au="+tokens[2])

	wd.MustRun([]string{"plan", "-out=tfplan", "-input=false"})
	show := wd.MustRun([]string{"show", "-json", "tfplan"})
	apply := wd.MustRun([]string{"apply", "-input=false", "tfplan"})
	for _, ws := range []string{emulator.DefaultWorkspace.IDCode, eu.IDCode, au.IDCode} {
		state, ok := srv.Workspace(ws)
		if !ok || !state.IPAllowlist.Enabled {
			t.Errorf("apply from the saved plan did not reach workspace %s", ws)
		}
	}

	outputs := map[string]string{"show -json": show.Output(), "apply": apply.Output()}
	plan, err := zip.OpenReader(filepath.Join(wd.Dir, "tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	for _, f := range plan.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		outputs["tfplan: "+f.Name] = string(b)
	}
	for _, name := range []string{"terraform.tfstate"} {
		b, err := os.ReadFile(filepath.Join(wd.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		outputs[name] = string(b)
	}
	if len(outputs) < 5 {
		t.Fatalf("read only %d outputs; the saved plan holds fewer files than expected", len(outputs))
	}
	for where, text := range outputs {
		for i, token := range tokens {
			if strings.Contains(text, token) {
				t.Errorf("%s holds the token of workspace %d", where, i+1)
			}
		}
	}
}
