// Command intercom-emulator serves the Intercom API emulator on loopback, for make demo
// and for trying configurations offline. With -control-url it is instead a small client
// of a running emulator's control surface (make demo uses it for its "hand" change).
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
	"os/signal"
	"syscall"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "address to listen on (port 0 picks a free one)")
	configFile := flag.String("config", "", `optional JSON file: {"workspaces":[{"id_code":…,"token":…}], "rate_limit":N}`)
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	controlURL := flag.String("control-url", "", "act as a control client of the emulator at this URL instead of serving")
	handChange := flag.String("hand-change", "", "with -control-url: workspace id_code to change by hand; the JSON change is the argument")
	flag.Parse()

	if *controlURL != "" {
		if err := runControl(*controlURL, *handChange, flag.Arg(0)); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := serve(*listen, *configFile, *urlFile); err != nil {
		log.Fatal(err)
	}
}

type fileConfig struct {
	Workspaces []emulator.WorkspaceConfig `json:"workspaces"`
	RateLimit  int                        `json:"rate_limit"`
}

func serve(listen, configFile, urlFile string) error {
	var cfg emulator.Config
	if configFile != "" {
		raw, err := os.ReadFile(configFile)
		if err != nil {
			return err
		}
		var fc fileConfig
		if err := json.Unmarshal(raw, &fc); err != nil {
			return fmt.Errorf("%s: %w", configFile, err)
		}
		cfg.Workspaces, cfg.RateLimit = fc.Workspaces, fc.RateLimit
	}
	srv := emulator.New(cfg)
	if err := srv.Start(listen); err != nil {
		return err
	}
	fmt.Printf("Intercom emulator listening on %s\n", srv.URL())
	if len(cfg.Workspaces) == 0 {
		w := emulator.DefaultWorkspace
		fmt.Printf("workspace %s (%s), demo token %s\n", w.IDCode, w.Name, w.Token)
	} else {
		for _, w := range cfg.Workspaces {
			fmt.Printf("workspace %s (%s)\n", w.IDCode, w.Name)
		}
	}
	if urlFile != "" {
		if err := os.WriteFile(urlFile, []byte(srv.URL()), 0o600); err != nil {
			return err
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return srv.Close()
}

func runControl(base, workspace, change string) error {
	if workspace == "" || change == "" {
		return fmt.Errorf("usage: intercom-emulator -control-url URL -hand-change WORKSPACE '{\"two_factor_required\": false}'")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(base+"/_emulator/workspaces/"+workspace+"/hand_change", "application/json", bytes.NewBufferString(change))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("hand change refused (%s): %s", resp.Status, body)
	}
	fmt.Printf("changed by hand in workspace %s: %s\n", workspace, change)
	return nil
}
