// Package app is Linli wired together — the composition root as a package,
// so that whole-app tests import it and cmd/linli stays a thin shell of
// flags. Each subcommand has one function here (Run, Chat, Parse, Export,
// Load, Code), and one app value (newApp) holds the store, the handlers,
// the router, the scheduler's job list, the outbox and the platforms.
//
// The house, room by room:
//
//	cmd/linli      flags, usage, exit codes
//	app            wiring, the job list, replicas, metrics and health, the demo, the load rig
//	bot            the platform-neutral core: messages, router, outbox (standard library only)
//	bot/reader     Chinese text → intent (pure)
//	bot/console, bot/telegram, bot/wechat   one adapter per platform, the only importers of their SDKs
//	handlers       one file per feature; speaks bot and store only
//	scheduler      the only importer of robfig/cron
//	store          records and interfaces; store/sqldb the only importer of gorm
//	coord          the only importer of go-redis
//
// Messages flow one way: adapter → bot.Message → reader → router (recover,
// screen, claim, identify, middleware) → handler, whose replies — to its
// chat and to others — are kept in the bot.Request; the router hands them,
// with the record that the message was handled, to the one owner that
// stores both in one transaction (app/handling.go, a bot.Finisher); then
// the outbox, woken, sends them (bot.Outbox; the console's lane inline).
// The adapter waits on the returned bot.Pending before it confirms the
// message to its platform; a getUpdates batch shares its commits.
package app
