import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'dockerfile-base-latest';
const lines = (text: string): Promise<number[]> => linesOf(rule, 'Dockerfile', text);

describe(rule, () => {
  test('flags FROM without a tag, with the message naming the image', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'FROM node\nCMD ["node"]\n' });
    expect(findings.map((f) => f.line)).toEqual([1]);
    expect(findings[0]!.message).toContain('FROM node: the base image has no tag or digest');
    expect(findings[0]!.severity).toBe('warning');
  });

  test('flags the latest tag, with the stage name', async () => {
    const findings = await findingsOf(rule, { 'app.Dockerfile': 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine:latest AS run\n' });
    expect(findings.map((f) => f.line)).toEqual([3]);
    expect(findings[0]!.message).toContain('(stage run)');
    expect(findings[0]!.message).toContain('"latest" tag');
  });

  test('resolves ARG defaults, including ${VAR:-default}', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'ARG BASE=python:latest\nARG TAG=latest\nARG OTHER\nFROM ${BASE}\nFROM node:${TAG}\nFROM ${OTHER:-alpine}\n' });
    expect(findings.map((f) => f.line)).toEqual([4, 5, 6]);
    expect(findings[0]!.message).toContain('FROM python:latest (resolved from ${BASE} with the ARG default)');
  });

  test('an ARG default can use an earlier ARG', async () => {
    expect(await lines('ARG IMAGE=node\nARG BASE=${IMAGE}\nFROM $BASE\n')).toEqual([3]);
  });

  test('flags an untagged image with a --platform flag, on its own line', async () => {
    expect(await lines('# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang AS build\n')).toEqual([2]);
  });

  test('a name that matches only a LATER stage is an image', async () => {
    expect(await lines('FROM build\nRUN true\nFROM node:20 AS build\n')).toEqual([1]);
  });

  test('a registry port is not a tag', async () => {
    expect(await lines('FROM registry.example.com:5000/team/app\n')).toEqual([1]);
  });

  describe('must not flag', () => {
    test.each([
      ['scratch', 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\n'],
      ['an earlier stage, case-insensitively', 'FROM node:20.18 AS Build\nRUN npm ci\nFROM build AS test\nFROM BUILD\n'],
      ['a stage named through an ARG', 'ARG STAGE=build\nFROM node:20 AS build\nFROM ${STAGE}\n'],
      ['${BASE} with a pinned default', 'ARG BASE=node:20\nFROM ${BASE}\n'],
      ['an ARG without a default (unknown)', 'ARG BASE\nFROM ${BASE}\nFROM node:${TAG}\n'],
      ['an image pinned by digest', 'FROM alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b\n'],
      ['latest pinned by digest', 'FROM alpine:latest@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b\n'],
      ['--platform=$BUILDPLATFORM with a tag', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\n'],
      ['a registry port with a tag', 'FROM registry.example.com:5000/team/app:1.4.2\n'],
      ['a commented FROM', '# FROM node\nFROM node:20\n'],
    ])('%s', async (_name, text) => {
      expect(await lines(text)).toEqual([]);
    });
  });
});
