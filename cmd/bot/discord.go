package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/adapters/discord"
)

// discordFromEnv builds the Discord adapter from the environment: DISCORD_TOKEN (or
// DISCORD_TOKEN_FILE) runs the gateway, DISCORD_PUBLIC_KEY serves POST /discord/interactions;
// with neither, Discord is not configured and it returns nil.
func discordFromEnv(d deps) (component, error) {
	token, err := d.env.secret("DISCORD_TOKEN")
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	key := strings.TrimSpace(d.env("DISCORD_PUBLIC_KEY"))
	if token == "" && key == "" {
		return nil, nil
	}
	cfg := discord.Config{
		Token:   token,
		GuildID: strings.TrimSpace(d.env("DISCORD_GUILD_ID")),
		APIURL:  strings.TrimSpace(d.env("DISCORD_API_URL")),

		Logger: d.logger,
	}
	if d.dialogue != nil {
		cfg.Conversations = d.dialogue
	}
	if d.metrics != nil {
		cfg.OnError = func(error) { d.metrics.AdapterError("discord") }
	}
	if key != "" {
		if cfg.PublicKey, err = discord.ParsePublicKey(key); err != nil {
			return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: %w", err)
		}
	}
	if cfg.ShardID, err = envInt(d.env, "DISCORD_SHARD_ID", 0); err != nil {
		return nil, err
	}
	if cfg.ShardCount, err = envInt(d.env, "DISCORD_SHARD_COUNT", 1); err != nil {
		return nil, err
	}
	if v := d.env("DISCORD_MESSAGE_CONTENT"); v != "" {
		if cfg.MessageContent, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("DISCORD_MESSAGE_CONTENT=%q: want true or false", v)
		}
	}
	var eng discord.Engine = d.engine
	if d.answerer != nil {
		// Questions share the rate limits and metrics of the other channels.
		eng = d.answerer
	}
	b, err := discord.New(eng, cfg)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// envInt reads an integer variable, def when unset.
func envInt(e env, name string, def int) (int, error) {
	v := strings.TrimSpace(e(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want an integer", name, v)
	}
	return n, nil
}

// runDiscord runs the Discord adapter alone in gateway mode (`bot discord`), beside the HTTP
// server of `bot serve` for its health check. It takes the flags of `bot serve` too.
func runDiscord(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	return runAdapter(ctx, args, stdout, os.Getenv, adapterCommand{
		name: "discord",
		flags: func(fs *flag.FlagSet, _ env) {
			fs.Int("shard-id", 0, "this connection's shard, from 0 (env DISCORD_SHARD_ID)")
			fs.Int("shard-count", 1, "how many shards share the bot's guilds (env DISCORD_SHARD_COUNT)")
			fs.Bool("message-content", false, "request the privileged MESSAGE_CONTENT intent (env DISCORD_MESSAGE_CONTENT)")
		},
		flagEnv: map[string]string{
			"shard-id":        "DISCORD_SHARD_ID",
			"shard-count":     "DISCORD_SHARD_COUNT",
			"message-content": "DISCORD_MESSAGE_CONTENT",
		},
		fixed:     map[string]string{"DISCORD_PUBLIC_KEY": ""}, // gateway mode alone
		token:     "DISCORD_TOKEN",
		tokenHelp: "DISCORD_TOKEN or DISCORD_TOKEN_FILE must be set (bot discord runs the gateway)",
		build:     discordFromEnv,
	})
}
