package discord

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/adapters"
)

// Platform registers Discord with the command line: DISCORD_TOKEN runs the gateway, DISCORD_PUBLIC_KEY serves
// POST /discord/interactions; with neither, Discord is not configured.
func Platform() adapters.Platform {
	return adapters.Platform{
		Name:  "discord",
		Title: "Discord (gateway)",
		Settings: []adapters.Setting{
			{Name: "DISCORD_TOKEN", Help: "enables the Discord gateway", Secret: true},
			{Name: "DISCORD_PUBLIC_KEY", Help: "enables POST /discord/interactions (HTTP interactions mode)"},
			{Name: "DISCORD_GUILD_ID", Help: "register the slash commands in one guild (instant updates)"},
			{Name: "DISCORD_API_URL", Help: "another base URL for Discord's REST API (a shared rate-limit proxy)"},
			{Name: "DISCORD_SHARD_ID", Help: "this connection's shard, from 0", Flag: "shard-id"},
			{Name: "DISCORD_SHARD_COUNT", Help: "how many shards share the bot's guilds", Flag: "shard-count"},
			{Name: "DISCORD_MESSAGE_CONTENT", Help: "true requests the privileged MESSAGE_CONTENT intent", Flag: "message-content"},
		},
		Token: "DISCORD_TOKEN",
		Alone: map[string]string{"DISCORD_PUBLIC_KEY": ""}, // `bot discord` is the gateway alone
		Build: build,
	}
}

// build makes the adapter from its settings; with neither a token nor a public key, Discord is
// not configured: nil.
func build(get adapters.Lookup, core adapters.Core) (adapters.Adapter, error) {
	token, err := get("DISCORD_TOKEN")
	if err != nil {
		return nil, err
	}
	key, err := get("DISCORD_PUBLIC_KEY")
	if err != nil || token == "" && key == "" {
		return nil, err
	}
	cfg := Config{Token: token}
	if cfg.GuildID, err = get("DISCORD_GUILD_ID"); err != nil {
		return nil, err
	}
	if cfg.APIURL, err = get("DISCORD_API_URL"); err != nil {
		return nil, err
	}
	if key != "" {
		if cfg.PublicKey, err = ParsePublicKey(key); err != nil {
			return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: %w", err)
		}
	}
	if cfg.ShardID, err = intSetting(get, "DISCORD_SHARD_ID", 0); err != nil {
		return nil, err
	}
	if cfg.ShardCount, err = intSetting(get, "DISCORD_SHARD_COUNT", 1); err != nil {
		return nil, err
	}
	if v, err := get("DISCORD_MESSAGE_CONTENT"); err != nil {
		return nil, err
	} else if v != "" {
		if cfg.MessageContent, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("DISCORD_MESSAGE_CONTENT=%q: want true or false", v)
		}
	}
	b, err := New(core, cfg)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// intSetting reads an integer setting, def when unset.
func intSetting(get adapters.Lookup, name string, def int) (int, error) {
	v, err := get(name)
	if err != nil || strings.TrimSpace(v) == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want an integer", name, v)
	}
	return n, nil
}
