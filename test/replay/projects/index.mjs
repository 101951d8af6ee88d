// The projects a replay knows, each `{ name, kind, source, entry, windows: { short, long },
// probe, deps?, type?, untyped? }` (see README.md in this folder).
import formCore from './form-core.mjs';
import esToolkit from './es-toolkit.mjs';
import nanostores from './nanostores.mjs';
import nanostoresGit from './nanostores-git.mjs';
import zustand from './zustand.mjs';
import qs from './qs.mjs';
import lruCache from './lru-cache.mjs';
import eventemitter3 from './eventemitter3.mjs';
import commander from './commander.mjs';
import semver from './semver.mjs';
import picomatch from './picomatch.mjs';
import quickLru from './quick-lru.mjs';
import pQueue from './p-queue.mjs';
import hono from './hono.mjs';
import chalk from './chalk.mjs';
import debug from './debug.mjs';
import dayjs from './dayjs.mjs';
import koa from './koa.mjs';
import express from './express.mjs';
import marked from './marked.mjs';
import ws from './ws.mjs';
import pino from './pino.mjs';
import jsYaml from './js-yaml.mjs';
import ufo from './ufo.mjs';
import defu from './defu.mjs';
import superstruct from './superstruct.mjs';
import mustache from './mustache.mjs';
import cac from './cac.mjs';
import mime from './mime.mjs';
import yargsParser from './yargs-parser.mjs';
import pathToRegexp from './path-to-regexp.mjs';
import pathToRegexp6 from './path-to-regexp-6.mjs';
import handlebars from './handlebars.mjs';
import axios from './axios.mjs';
import immer from './immer.mjs';
import minimatch from './minimatch.mjs';
import yaml from './yaml.mjs';
import luxon from './luxon.mjs';

/** A project with `available()` false (a git mirror not on disk) is skipped unless asked for. */
export const PROJECTS = [formCore, esToolkit, nanostores, nanostoresGit, zustand, qs, lruCache, eventemitter3, commander, semver, picomatch, quickLru, pQueue, hono, chalk, debug, dayjs, koa, express, marked, ws, pino, jsYaml, ufo, defu, superstruct, mustache, cac, mime, yargsParser, pathToRegexp, pathToRegexp6, handlebars, axios, immer, minimatch, yaml, luxon];
