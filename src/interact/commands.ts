// The slash commands, as Discord stores them.
import { createHash } from 'node:crypto';
import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandStringOption,
} from 'discord.js';

export const COMMAND = 'newswatch';
/** The longest mute: a mute is a short hold, not a config change. */
export const MAX_MUTE_MS = 7 * 86_400_000;
/** How far back `recent` looks at most (the default retention is 90 days). */
export const MAX_RECENT_MS = 90 * 86_400_000;

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const entity = (o: SlashCommandStringOption, what: string) =>
    o.setName('entity').setDescription(what).setRequired(true).setAutocomplete(true).setMaxLength(64);
  const cmd = new SlashCommandBuilder()
    .setName(COMMAND)
    .setDescription('Ask newswatch about its feeds and alerts')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription('Feeds failing, channels stopped, pending alerts, last alert, mutes (only you see it)'),
    )
    .addSubcommand((s) =>
      s
        .setName('explain')
        .setDescription('Why an alert fired: entity, names, field, sentence, rules')
        .addStringOption((o) =>
          o
            .setName('ref')
            .setDescription('The ref in the alert footer (nw-…) or a link to the message')
            .setRequired(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('recent')
        .setDescription('The last alerts and mentions for one entity')
        .addStringOption((o) => entity(o, 'The watched entity'))
        .addStringOption((o) =>
          o.setName('since').setDescription('How far back, e.g. 24h, 7d (default 7d, at most 90d)').setMaxLength(10),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('Search the items seen lately: top results with links and the matched text')
        .addStringOption((o) =>
          o
            .setName('query')
            .setDescription('Words to find (all of them); "quoted words" as a phrase')
            .setRequired(true)
            .setMaxLength(200),
        )
        .addStringOption((o) =>
          o.setName('since').setDescription('How far back, e.g. 24h, 7d (default 7d, at most 90d)').setMaxLength(10),
        )
        .addStringOption((o) => entity(o, 'Only items that matched this entity').setRequired(false)),
    )
    .addSubcommand((s) =>
      s
        .setName('mute')
        .setDescription('Hold one entity in this channel for a while: matches are recorded, not posted')
        .addStringOption((o) => entity(o, 'The entity to hold'))
        .addStringOption((o) =>
          o.setName('for').setDescription('How long, e.g. 6h, 24h, 3d (at most 7d)').setRequired(true).setMaxLength(10),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('unmute')
        .setDescription('Lift a mute in this channel')
        .addStringOption((o) => entity(o, 'The muted entity')),
    );
  return [cmd.toJSON()];
}

/** Identifies what is registered: the definitions and the application they belong to. */
export function commandsHash(applicationId: string, defs = commandDefinitions()): string {
  return createHash('sha256').update(applicationId).update('\u0000').update(JSON.stringify(defs)).digest('hex');
}
