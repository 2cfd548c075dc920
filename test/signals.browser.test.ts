/**
 * The browser build of the signal functions (`lib/signals.browser.ts`, chosen by bundlers
 * through `package.json`'s `browser` field) must behave as the Node module does on a host
 * without `process`, for every input: same result, or the same error class and message
 * (only the reason a signal cannot be handled is said more briefly).
 */
import * as fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Loop } from '../lib/index.js'
import * as browser from '../lib/signals.browser.js'
import * as node from '../lib/signals.node.js'
import * as browserExit from '../lib/runtime/nodeBeforeExit.browser.js'
import * as nodeExit from '../lib/runtime/nodeBeforeExit.js'
import pkg from '../package.json' with { type: 'json' }

/**
 * What a call gives: its value, or its error's class and what the message says of the value
 * (a refused signal "cannot be handled"; Node says why in more detail, e.g. SIGKILL "cannot be
 * caught", where the browser says only that the host has no signals).
 */
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() }
  } catch (error) {
    const { message } = error as Error
    return { threw: (error as Error).constructor.name, says: message.includes('cannot be handled') ? message.replace(/ cannot be handled: .*/, ' cannot be handled') : message }
  }
}

/** Signal names as Node spells them, and values that are not signal names at all. */
const signalish = fc.oneof(
  fc.constantFrom('SIGINT', 'SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGUSR2', 'SIGBREAK', 'SIGHUP'),
  fc.anything(),
  fc.string(),
)

describe('signals on a host without process signals: the browser module agrees with the Node module', () => {
  beforeEach(() => vi.stubGlobal('process', undefined))
  afterEach(() => vi.unstubAllGlobals())

  it('both modules export the same functions', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort())
    expect(Object.keys(browserExit).sort()).toEqual(Object.keys(nodeExit).sort())
  })

  it('checkSignalName, addLoopSignalHandler, removeLoopSignalHandler: the same error for every value', () => {
    const loop = {}
    fc.assert(
      fc.property(signalish, fc.anything(), (signal, callback) => {
        expect(outcome(() => browser.checkSignalName('who', signal))).toEqual(outcome(() => node.checkSignalName('who', signal)))
        expect(outcome(() => browser.addLoopSignalHandler(loop, signal, callback))).toEqual(
          outcome(() => node.addLoopSignalHandler(loop as never, signal, callback)),
        )
        expect(outcome(() => browser.removeLoopSignalHandler(loop, signal))).toEqual(outcome(() => node.removeLoopSignalHandler(loop as never, signal)))
      }),
    )
  })

  it("checkRunSignals: none by default or with false; a list is refused as on Node; hostHasSignals is false", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(undefined), fc.constant(false), fc.array(signalish, { maxLength: 3 }), fc.anything()), (signals) => {
        expect(outcome(() => browser.checkRunSignals('run', signals))).toEqual(outcome(() => node.checkRunSignals('run', signals)))
      }),
    )
    expect(browser.hostHasSignals()).toBe(node.hostHasSignals())
  })

  it('a string that looks like a signal but names none: a RangeError in the browser, a TypeError on Node (the documented difference)', () => {
    expect(() => browser.checkSignalName('who', 'SIGNOPE')).toThrow(RangeError)
    expect(() => node.checkSignalName('who', 'SIGNOPE')).toThrow(TypeError)
  })
  it('a value that is no signal name, even one that contains one, is a TypeError in both modules', () => {
    for (const value of [42, 'sigint', 'SIG', 'xSIGINT', 'SIGINT x', 'SIGINT\n', ' SIGTERM']) {
      expect(outcome(() => browser.checkSignalName('who', value))).toEqual(outcome(() => node.checkSignalName('who', value)))
      expect(outcome(() => browser.checkSignalName('who', value))).toMatchObject({ threw: 'TypeError' })
    }
  })

  it("the refusal names what was given: a string quoted, null as null, anything else by its type; an object that prints as a signal name is no name", () => {
    const refusals = [null, { toString: () => 'SIGINT' }, 'SIG'].map((value) => {
      try {
        browser.checkSignalName('addSignalHandler', value)
        return 'no error'
      } catch (error) {
        return String(error)
      }
    })
    expect(refusals).toEqual([
      "TypeError: addSignalHandler: expected a signal name such as 'SIGINT' or 'SIGTERM', got null",
      "TypeError: addSignalHandler: expected a signal name such as 'SIGINT' or 'SIGTERM', got object",
      'TypeError: addSignalHandler: expected a signal name such as \'SIGINT\' or \'SIGTERM\', got "SIG"',
    ])
  })

  it('run asks whether its loop handles a signal (never, here) and subscribes to none: it gets false and a function that stops nothing', () => {
    const loop = new Loop({ clock: 'virtual' })
    const heard: string[] = []
    expect(browser.loopHandlesSignal(loop, 'SIGINT')).toBe(false)
    expect(browser.loopHandlesSignal(loop, 'SIGINT')).toBe(node.loopHandlesSignal(loop, 'SIGINT'))
    const stop = browser.subscribeAll(['SIGINT'], (s) => void heard.push(s))
    expect(stop).toBeTypeOf('function')
    expect(stop()).toBeUndefined()
    expect(heard).toEqual([])
    loop.close()
  })
})


it("package.json's browser field points each Node-only module at its browser twin", () => {
  expect(pkg.browser).toEqual({
    './dist/lib/signals.node.js': './dist/lib/signals.browser.js',
    './dist/lib/runtime/nodeBeforeExit.js': './dist/lib/runtime/nodeBeforeExit.browser.js',
  })
})
