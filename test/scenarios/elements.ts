/**
 * One scenario per BPMN element kind the interpreter supports: a diagram, what the users and
 * the clock do, and where the process must get to. The same table drives the pure engine
 * (workflows/engine/engine.test.ts) and the real Temporal workflow (test/integration/elements.test.ts).
 */
import { readFileSync } from 'node:fs';
import type { ProcessStatus, Variables } from '../../workflows/engine/state';
import { diagram, end, flows, start, userTask } from '../support/bpmn';

export type Step =
  /** Complete the open task of this element (the first one when several are open). */
  | { complete: string; variables?: Variables }
  /** Deliver a message to the matter. */
  | { message: string; variables?: Variables }
  /** The timer of this catching element fires (real time under Temporal: keep durations short). */
  | { timer: string }
  /** A signal of this name is broadcast to the matter. */
  | { signal: string; variables?: Variables }
  /** An external job worker completes the job of this service task, or throws the BPMN error `errorCode` from it. */
  | { job: string; variables?: Variables; errorCode?: string };

export interface Scenario {
  name: string;
  xml: string;
  variables?: Variables;
  /** The message, signal or timer start event the matter starts at (as a published message, a signal or a schedule would start it). */
  startEvent?: string;
  steps: Step[];
  /** Elements with an open task or waiting once the steps are done (joins a token waits at among them). */
  waiting?: string[];
  /** Joins waiting once the steps are done: how many of their inputs arrived, out of how many they wait for. */
  joins?: Record<string, { arrived: number; expected: number }>;
  status: ProcessStatus;
  /** Elements that completed normally, in any order, with repeats. */
  reached: string[];
  /** Elements that were interrupted or cancelled. */
  interrupted?: string[];
  variablesAfter?: Variables;
  failure?: string;
  /** Elements stopped in incident once the steps are done, with the incident's message. */
  incidents?: Record<string, string>;
}

const shippedModel = (file: string) => readFileSync(new URL(`../../bpmn-models/${file}`, import.meta.url), 'utf8');

const review = (name: string) => `<bpmn:message id="Msg_${name}" name="${name}"/>`;
const signal = (name: string) => `<bpmn:signal id="Sig_${name}" name="${name}"/>`;
const escalation = (code: string) => `<bpmn:escalation id="Esc_${code}" escalationCode="${code}"/>`;

/** An event sub-process whose start event has this definition (and `interrupting`), then `inner` and an end event. */
function eventSubProcess(id: string, definition: string, inner: string, interrupting = true): string {
  const body = inner ? `${inner}${end(`${id}End`)}${flows(`${id}Start -> ${inner.match(/id="([^"]+)"/)![1]}\n${inner.match(/id="([^"]+)"/)![1]} -> ${id}End`)}` : `${end(`${id}End`)}${flows(`${id}Start -> ${id}End`)}`;
  return `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}Start" isInterrupting="${interrupting}">${definition}</bpmn:startEvent>${body}</bpmn:subProcess>`;
}

export const ELEMENT_SCENARIOS: Scenario[] = [
  {
    name: 'user tasks in sequence, manual and undefined tasks pass through',
    xml: diagram(
      'seq',
      [start(), userTask('a', 'office'), '<bpmn:manualTask id="m"/>', '<bpmn:task id="t"/>', userTask('b', '=leadUnit'), end(), flows('start -> a\na -> m\nm -> t\nt -> b\nb -> end')].join('\n'),
    ),
    variables: { leadUnit: 'housing' },
    steps: [{ complete: 'a', variables: { x: 1 } }, { complete: 'b' }],
    status: 'completed',
    reached: ['start', 'a', 'm', 't', 'b', 'end'],
    variablesAfter: { leadUnit: 'housing', x: 1 },
  },
  {
    name: 'start events: a matter started by a message, signal or timer begins at that start event, with what started it',
    xml: diagram(
      'starts',
      [
        start(),
        '<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="Msg_filed"/></bpmn:startEvent>',
        '<bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="Sig_flood"/></bpmn:startEvent>',
        userTask('a', 'office'),
        userTask('b', '=unit'),
        end(),
        flows('start -> a\nbyMessage -> b\nbySignal -> a\na -> end\nb -> end'),
      ].join('\n'),
      '<bpmn:message id="Msg_filed" name="filed"/><bpmn:signal id="Sig_flood" name="flood"/>',
    ),
    startEvent: 'byMessage',
    variables: { unit: 'housing' },
    steps: [{ complete: 'b', variables: { done: true } }],
    status: 'completed',
    reached: ['byMessage', 'b', 'end'],
    variablesAfter: { unit: 'housing', done: true },
  },
  {
    name: 'jobs: service tasks of any type wait for external workers, whose completion goes on and whose BPMN error a boundary event catches',
    xml: diagram(
      'jobs',
      [
        start(),
        '<bpmn:serviceTask id="fetch"><bpmn:extensionElements><zeebe:taskDefinition type="hotline.fetch" retries="5"/><zeebe:taskHeaders><zeebe:header key="system" value="12345"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>',
        '<bpmn:sendTask id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="sms.send"/></bpmn:extensionElements></bpmn:sendTask>',
        '<bpmn:boundaryEvent id="undeliverable" attachedToRef="notify"><bpmn:errorEventDefinition errorRef="Err_sms"/></bpmn:boundaryEvent>',
        userTask('callBack', 'office'),
        end(),
        end('notified'),
        flows('start -> fetch\nfetch -> notify\nnotify -> notified\nundeliverable -> callBack\ncallBack -> end'),
      ].join('\n'),
      '<bpmn:error id="Err_sms" errorCode="UNDELIVERABLE"/>',
    ),
    steps: [{ job: 'fetch', variables: { caller: '13800000000' } }, { job: 'notify', errorCode: 'UNDELIVERABLE' }, { complete: 'callBack' }],
    status: 'completed',
    reached: ['start', 'fetch', 'undeliverable', 'callBack', 'end'],
    interrupted: ['notify'],
    variablesAfter: { caller: '13800000000' },
  },
  {
    name: 'message throw and end events run as jobs: the path goes on, or ends, once a worker has sent the message',
    xml: diagram(
      'message-throws',
      [
        start(),
        '<bpmn:intermediateThrowEvent id="tell"><bpmn:extensionElements><zeebe:taskDefinition type="sms.send"/></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="Msg_sms"/></bpmn:intermediateThrowEvent>',
        userTask('handle', 'housing'),
        '<bpmn:endEvent id="reported"><bpmn:extensionElements><zeebe:taskDefinition type="superior.report"/></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="Msg_report"/></bpmn:endEvent>',
        flows('start -> tell\ntell -> handle\nhandle -> reported'),
      ].join('\n'),
      '<bpmn:message id="Msg_sms" name="sms"/><bpmn:message id="Msg_report" name="report"/>',
    ),
    steps: [{ job: 'tell', variables: { smsId: 'S1' } }, { complete: 'handle' }, { job: 'reported' }],
    status: 'completed',
    reached: ['start', 'tell', 'handle', 'reported'],
    variablesAfter: { smsId: 'S1' },
  },
  {
    name: 'a FEEL script task sets its result variable, and an undefined task, a start event and a none throw event their output mappings, as they pass; the gateway after reads them',
    xml: diagram(
      'pass-through-mappings',
      [
        '<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=0" target="round"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>',
        '<bpmn:intermediateThrowEvent id="next"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=round + 1" target="round"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:intermediateThrowEvent>',
        '<bpmn:scriptTask id="days"><bpmn:extensionElements><zeebe:script expression="=count(units) * 2" resultVariable="days"/></bpmn:extensionElements></bpmn:scriptTask>',
        '<bpmn:task id="period"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=days + 1" target="d"/><zeebe:output source="=&quot;P&quot; + string(d) + &quot;D&quot;" target="period"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>',
        '<bpmn:exclusiveGateway id="long" default="long_short"/>',
        userTask('joint', 'office'),
        userTask('short', 'office'),
        end(),
        end('shortEnd'),
        flows('start -> next\nnext -> days\ndays -> period\nperiod -> long\nlong -> joint : =days >= 4\nlong -> short\njoint -> end\nshort -> shortEnd'),
      ].join('\n'),
    ),
    variables: { units: ['housing', 'transport'] },
    steps: [{ complete: 'joint' }],
    status: 'completed',
    reached: ['start', 'next', 'days', 'period', 'long', 'joint', 'end'],
    // The input `d` was the task's own: it is gone once the task passed.
    variablesAfter: { units: ['housing', 'transport'], round: 1, days: 4, period: 'P5D' },
  },
  {
    name: 'link events: a throw goes on at the catch of its name, in a process and in a sub-process',
    xml: diagram(
      'links',
      [
        start(),
        userTask('a', 'office'),
        '<bpmn:intermediateThrowEvent id="toB"><bpmn:linkEventDefinition name="B"/></bpmn:intermediateThrowEvent>',
        '<bpmn:intermediateCatchEvent id="atB"><bpmn:linkEventDefinition name="B"/></bpmn:intermediateCatchEvent>',
        '<bpmn:subProcess id="sub">',
        '  <bpmn:startEvent id="subStart"/>',
        '  <bpmn:intermediateThrowEvent id="toC"><bpmn:linkEventDefinition name="C"/></bpmn:intermediateThrowEvent>',
        '  <bpmn:intermediateCatchEvent id="atC"><bpmn:linkEventDefinition name="C"/></bpmn:intermediateCatchEvent>',
        `  ${userTask('c', 'office')}`,
        '  <bpmn:endEvent id="subEnd"/>',
        '  <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="toC"/>',
        '  <bpmn:sequenceFlow id="s2" sourceRef="atC" targetRef="c"/>',
        '  <bpmn:sequenceFlow id="s3" sourceRef="c" targetRef="subEnd"/>',
        '</bpmn:subProcess>',
        end(),
        flows('start -> a\na -> toB\natB -> sub\nsub -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }, { complete: 'c' }],
    status: 'completed',
    reached: ['start', 'a', 'toB', 'atB', 'sub', 'subStart', 'toC', 'atC', 'c', 'subEnd', 'end'],
  },
  {
    name: 'exclusive gateway takes the first true condition',
    xml: diagram(
      'xor',
      [
        start(),
        userTask('decide', 'office'),
        '<bpmn:exclusiveGateway id="g" default="g_low"/>',
        userTask('high', 'office'),
        userTask('low', 'office'),
        end(),
        end('end2'),
        flows('start -> decide\ndecide -> g\ng -> high : =amount > 100\ng -> low\nhigh -> end\nlow -> end2'),
      ].join('\n'),
    ),
    steps: [{ complete: 'decide', variables: { amount: 250 } }, { complete: 'high' }],
    status: 'completed',
    reached: ['start', 'decide', 'g', 'high', 'end'],
  },
  {
    name: 'exclusive gateway falls back to its default flow',
    xml: diagram(
      'xor-default',
      [
        start(),
        '<bpmn:exclusiveGateway id="g" default="g_low"/>',
        userTask('high', 'office'),
        userTask('low', 'office'),
        end(),
        flows('start -> g\ng -> high : =amount > 100\ng -> low\nhigh -> end\nlow -> end'),
      ].join('\n'),
    ),
    variables: { amount: 5 },
    steps: [{ complete: 'low' }],
    status: 'completed',
    reached: ['start', 'g', 'low', 'end'],
  },
  {
    name: 'an exclusive gateway whose every flow has a condition and none is default takes the one that holds',
    xml: diagram(
      'xor-no-default',
      [
        start(),
        '<bpmn:exclusiveGateway id="g"/>',
        userTask('high', 'office'),
        userTask('low', 'housing'),
        end(),
        end('end2'),
        flows('start -> g\ng -> high : =amount > 10\ng -> low : =amount <= 10\nhigh -> end\nlow -> end2'),
      ].join('\n'),
    ),
    variables: { amount: 5 },
    steps: [{ complete: 'low' }],
    status: 'completed',
    reached: ['start', 'g', 'low', 'end2'],
  },
  {
    name: 'parallel fork and join wait for every branch',
    xml: diagram(
      'and',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        '<bpmn:parallelGateway id="join"/>',
        userTask('after', 'office'),
        end(),
        flows('start -> fork\nfork -> a\nfork -> b\na -> join\nb -> join\njoin -> after\nafter -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }, { complete: 'b' }, { complete: 'after' }],
    status: 'completed',
    reached: ['start', 'fork', 'a', 'b', 'join', 'after', 'end'],
  },
  {
    name: 'inclusive fork takes every true branch and the join waits only for those',
    xml: diagram(
      'or',
      [
        start(),
        '<bpmn:inclusiveGateway id="fork"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        userTask('c', 'education'),
        '<bpmn:inclusiveGateway id="join"/>',
        end(),
        flows('start -> fork\nfork -> a : =needA\nfork -> b : =needB\nfork -> c\na -> join\nb -> join\nc -> join\njoin -> end'),
      ].join('\n'),
    ).replace('<bpmn:inclusiveGateway id="fork"/>', '<bpmn:inclusiveGateway id="fork" default="fork_c"/>'),
    variables: { needA: true, needB: true },
    steps: [{ complete: 'a' }, { complete: 'b' }],
    status: 'completed',
    reached: ['start', 'fork', 'a', 'b', 'join', 'end'],
  },
  {
    name: 'a token waiting at a parallel join shows the join as active, with how many of its inputs arrived',
    xml: diagram(
      'and-waiting',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        '<bpmn:parallelGateway id="join"/>',
        end(),
        flows('start -> fork\nfork -> a\nfork -> b\na -> join\nb -> join\njoin -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }],
    status: 'running',
    waiting: ['b', 'join'],
    joins: { join: { arrived: 1, expected: 2 } },
    reached: ['start', 'fork', 'a'],
  },
  {
    name: 'an inclusive join waiting counts only the branches a token can still come by',
    xml: diagram(
      'or-waiting',
      [
        start(),
        '<bpmn:inclusiveGateway id="fork" default="fork_c"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        userTask('c', 'education'),
        '<bpmn:inclusiveGateway id="join"/>',
        end(),
        flows('start -> fork\nfork -> a : =needA\nfork -> b : =needB\nfork -> c\na -> join\nb -> join\nc -> join\njoin -> end'),
      ].join('\n'),
    ),
    variables: { needA: true, needB: true },
    steps: [{ complete: 'a' }],
    status: 'running',
    waiting: ['b', 'join'],
    joins: { join: { arrived: 1, expected: 2 } },
    reached: ['start', 'fork', 'a'],
  },
  {
    name: 'implicit start and end: without a start event every element without incoming flows starts, and a path ends where its flows do',
    xml: diagram(
      'implicit',
      [
        userTask('a', 'office'),
        '<bpmn:manualTask id="m"/>',
        userTask('b', 'housing'),
        `<bpmn:subProcess id="sub">${userTask('c', 'transport')}</bpmn:subProcess>`,
        flows('a -> m\nb -> sub'),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }, { complete: 'b' }, { complete: 'c' }],
    status: 'completed',
    reached: ['a', 'm', 'b', 'c', 'sub'],
  },
  {
    name: 'a file with several executable processes: each deploys, the first runs',
    xml: diagram(
      'second-of-two',
      [start('s2'), userTask('z', 'housing'), end('e2'), flows('s2 -> z\nz -> e2')].join('\n'),
      `<bpmn:process id="first-of-two" isExecutable="true">${[start(), userTask('a', 'office'), end(), flows('start -> a\na -> end')].join('\n')}</bpmn:process>`,
    ),
    steps: [{ complete: 'a' }],
    status: 'completed',
    reached: ['start', 'a', 'end'],
  },
  {
    name: 'intermediate timer catch (duration) then a date in the past fires at once',
    xml: diagram(
      'timers',
      [
        start(),
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        '<bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        end(),
        flows('start -> wait\nwait -> until\nuntil -> end'),
      ].join('\n'),
    ),
    steps: [{ timer: 'wait' }, { timer: 'until' }],
    status: 'completed',
    reached: ['start', 'wait', 'until', 'end'],
  },
  {
    name: 'interrupting boundary timer escalates an overdue task',
    xml: diagram(
      'boundary-timer',
      [
        start(),
        userTask('report', 'housing'),
        '<bpmn:boundaryEvent id="overdue" attachedToRef="report"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        userTask('escalate', 'office'),
        end(),
        end('end2'),
        flows('start -> report\nreport -> end\noverdue -> escalate\nescalate -> end2'),
      ].join('\n'),
    ),
    steps: [{ timer: 'overdue' }, { complete: 'escalate' }],
    status: 'completed',
    reached: ['start', 'overdue', 'escalate', 'end2'],
    interrupted: ['report'],
  },
  {
    name: 'non-interrupting cycle timer reminds while the task stays open',
    xml: diagram(
      'reminders',
      [
        start(),
        userTask('report', 'housing'),
        '<bpmn:boundaryEvent id="remind" attachedToRef="report" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        '<bpmn:manualTask id="reminded"/>',
        end(),
        end('end2'),
        flows('start -> report\nreport -> end\nremind -> reminded\nreminded -> end2'),
      ].join('\n'),
    ),
    steps: [{ timer: 'remind' }, { timer: 'remind' }, { complete: 'report' }],
    status: 'completed',
    reached: ['start', 'remind', 'reminded', 'end2', 'remind', 'reminded', 'end2', 'report', 'end'],
  },
  {
    name: 'cycle timer with a start date counts its firings from that start',
    xml: diagram(
      'anchored-reminders',
      [
        start(),
        userTask('report', 'housing'),
        // A start long past: the first firing is the next whole second from now, then one a second.
        '<bpmn:boundaryEvent id="remind" attachedToRef="report" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/2026-01-01T00:00:00+08:00/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        userTask('reminded', 'housing'),
        end(),
        end('end2'),
        flows('start -> report\nreport -> end\nremind -> reminded\nreminded -> end2'),
      ].join('\n'),
    ),
    steps: [{ timer: 'remind' }, { complete: 'reminded' }, { timer: 'remind' }, { complete: 'reminded' }, { complete: 'report' }],
    status: 'completed',
    reached: ['start', 'remind', 'reminded', 'end2', 'remind', 'reminded', 'end2', 'report', 'end'],
  },
  {
    name: 'message intermediate catch and receive task take their variables',
    xml: diagram(
      'messages',
      [
        start(),
        '<bpmn:intermediateCatchEvent id="signed"><bpmn:messageEventDefinition messageRef="Msg_signed"/></bpmn:intermediateCatchEvent>',
        '<bpmn:receiveTask id="feedback" messageRef="Msg_feedback"/>',
        end(),
        flows('start -> signed\nsigned -> feedback\nfeedback -> end'),
      ].join('\n'),
      review('signed') + review('feedback'),
    ),
    steps: [{ message: 'signed', variables: { signedBy: 'housing' } }, { message: 'feedback', variables: { score: 9 } }],
    status: 'completed',
    reached: ['start', 'signed', 'feedback', 'end'],
    variablesAfter: { signedBy: 'housing', score: 9 },
  },
  {
    name: 'interrupting message boundary event withdraws the task',
    xml: diagram(
      'message-boundary',
      [
        start(),
        userTask('report', 'housing'),
        '<bpmn:boundaryEvent id="withdrawn" attachedToRef="report"><bpmn:messageEventDefinition messageRef="Msg_withdraw"/></bpmn:boundaryEvent>',
        end(),
        end('end2'),
        flows('start -> report\nreport -> end\nwithdrawn -> end2'),
      ].join('\n'),
      review('withdraw'),
    ),
    steps: [{ message: 'withdraw', variables: { reason: '重复交办' } }],
    status: 'completed',
    reached: ['start', 'withdrawn', 'end2'],
    interrupted: ['report'],
    variablesAfter: { reason: '重复交办' },
  },
  {
    name: 'event-based gateway: the message arrives first',
    xml: diagram(
      'race-message',
      [
        start(),
        '<bpmn:eventBasedGateway id="g"/>',
        '<bpmn:intermediateCatchEvent id="answered"><bpmn:messageEventDefinition messageRef="Msg_answer"/></bpmn:intermediateCatchEvent>',
        '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        end(),
        end('end2'),
        flows('start -> g\ng -> answered\ng -> timeout\nanswered -> end\ntimeout -> end2'),
      ].join('\n'),
      review('answer'),
    ),
    steps: [{ message: 'answer' }],
    status: 'completed',
    reached: ['start', 'g', 'answered', 'end'],
  },
  {
    name: 'event-based gateway: the timer fires first',
    xml: diagram(
      'race-timer',
      [
        start(),
        '<bpmn:eventBasedGateway id="g"/>',
        '<bpmn:receiveTask id="answered" messageRef="Msg_answer"/>',
        '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        end(),
        end('end2'),
        flows('start -> g\ng -> answered\ng -> timeout\nanswered -> end\ntimeout -> end2'),
      ].join('\n'),
      review('answer'),
    ),
    steps: [{ timer: 'timeout' }],
    status: 'completed',
    reached: ['start', 'g', 'timeout', 'end2'],
  },
  {
    name: 'interrupting timer event sub-process: the overdue matter goes on in it',
    xml: diagram(
      'esp-timer',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        '<bpmn:parallelGateway id="join"/>',
        end(),
        flows('start -> fork\nfork -> a\nfork -> b\na -> join\nb -> join\njoin -> end'),
        eventSubProcess('late', '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>', userTask('escalate', 'office')),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }, { timer: 'lateStart' }, { complete: 'escalate' }],
    status: 'completed',
    reached: ['start', 'fork', 'a', 'lateStart', 'escalate', 'lateEnd', 'late'],
    interrupted: ['b'],
  },
  {
    name: 'non-interrupting message event sub-process in a sub-process runs beside it, once per message',
    xml: diagram(
      'esp-message',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('work', 'housing')}${end('e1')}${flows('s1 -> work\nwork -> e1')}${eventSubProcess(
          'query',
          '<bpmn:messageEventDefinition messageRef="Msg_query"/>',
          userTask('answer', 'housing'),
          false,
        )}</bpmn:subProcess>`,
        userTask('after', 'office'),
        end(),
        flows('start -> sub\nsub -> after\nafter -> end'),
      ].join('\n'),
      review('query'),
    ),
    steps: [
      { message: 'query', variables: { question: 'when?' } },
      { complete: 'answer' },
      { message: 'query' },
      { complete: 'work' },
      // The sub-process waits for the event sub-process still running in it.
      { complete: 'answer' },
      { complete: 'after' },
    ],
    status: 'completed',
    reached: ['start', 's1', 'queryStart', 'answer', 'queryEnd', 'query', 'queryStart', 'work', 'e1', 'answer', 'queryEnd', 'query', 'sub', 'after', 'end'],
    variablesAfter: { question: 'when?' },
  },
  {
    name: 'error event sub-processes: the one for the code wins over a catch-all, and the scope goes on in it',
    xml: diagram(
      'esp-error',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('check', 'housing')}<bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Err_rejected"/></bpmn:endEvent>${flows('s1 -> check\ncheck -> fail')}${eventSubProcess(
          'onRejected',
          '<bpmn:errorEventDefinition errorRef="Err_rejected"/>',
          userTask('rework', 'office'),
        )}${eventSubProcess('onAny', '<bpmn:errorEventDefinition/>', '')}</bpmn:subProcess>`,
        userTask('after', 'office'),
        end(),
        flows('start -> sub\nsub -> after\nafter -> end'),
      ].join('\n'),
      '<bpmn:error id="Err_rejected" errorCode="REJECTED"/>',
    ),
    steps: [{ complete: 'check' }, { complete: 'rework' }, { complete: 'after' }],
    status: 'completed',
    reached: ['start', 's1', 'check', 'fail', 'onRejectedStart', 'rework', 'onRejectedEnd', 'onRejected', 'sub', 'after', 'end'],
  },
  {
    name: "an error no boundary event catches reaches the process's error event sub-process, which cancels the rest",
    xml: diagram(
      'esp-error-outer',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('check', 'housing')}<bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Err_rejected"/></bpmn:endEvent>${flows('s1 -> check\ncheck -> fail')}</bpmn:subProcess>`,
        '<bpmn:boundaryEvent id="otherError" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Err_other"/></bpmn:boundaryEvent>',
        userTask('other', 'transport'),
        end(),
        end('end2'),
        end('end3'),
        flows('start -> fork\nfork -> sub\nfork -> other\nsub -> end\nother -> end2\notherError -> end3'),
        eventSubProcess('onError', '<bpmn:errorEventDefinition/>', userTask('handle', 'office')),
      ].join('\n'),
      '<bpmn:error id="Err_rejected" errorCode="REJECTED"/><bpmn:error id="Err_other" errorCode="OTHER"/>',
    ),
    steps: [{ complete: 'check' }, { complete: 'handle' }],
    status: 'completed',
    reached: ['start', 'fork', 's1', 'check', 'fail', 'onErrorStart', 'handle', 'onErrorEnd', 'onError'],
    interrupted: ['sub', 'other'],
  },
  {
    name: 'escalation: a throw in a sub-process reaches its non-interrupting boundary event and both paths go on',
    xml: diagram(
      'escalation-boundary',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc_LATE"/></bpmn:intermediateThrowEvent>${userTask('work', 'housing')}${end('e1')}${flows('s1 -> raise\nraise -> work\nwork -> e1')}</bpmn:subProcess>`,
        '<bpmn:boundaryEvent id="escalated" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="Esc_LATE"/></bpmn:boundaryEvent>',
        '<bpmn:boundaryEvent id="unrelated" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="Esc_OTHER"/></bpmn:boundaryEvent>',
        userTask('notify', 'office'),
        end(),
        end('end2'),
        end('end3'),
        flows('start -> sub\nsub -> end\nescalated -> notify\nnotify -> end2\nunrelated -> end3'),
      ].join('\n'),
      escalation('LATE') + escalation('OTHER'),
    ),
    steps: [{ complete: 'notify' }, { complete: 'work' }],
    status: 'completed',
    reached: ['start', 's1', 'raise', 'escalated', 'notify', 'end2', 'work', 'e1', 'sub', 'end'],
  },
  {
    name: 'escalation: an uncaught one goes on; an end event is caught by an interrupting boundary, and another by an event sub-process',
    xml: diagram(
      'escalation-esp',
      [
        start(),
        '<bpmn:intermediateThrowEvent id="unheard"><bpmn:escalationEventDefinition escalationRef="Esc_NOBODY"/></bpmn:intermediateThrowEvent>',
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('check', 'housing')}<bpmn:endEvent id="giveUp"><bpmn:escalationEventDefinition escalationRef="Esc_STUCK"/></bpmn:endEvent>${flows('s1 -> check\ncheck -> giveUp')}</bpmn:subProcess>`,
        '<bpmn:boundaryEvent id="stuck" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="Esc_STUCK"/></bpmn:boundaryEvent>',
        userTask('takeOver', 'office'),
        '<bpmn:endEvent id="handOver"><bpmn:escalationEventDefinition escalationRef="Esc_LEAD"/></bpmn:endEvent>',
        end(),
        flows('start -> unheard\nunheard -> sub\nsub -> end\nstuck -> takeOver\ntakeOver -> handOver'),
        eventSubProcess('toLead', '<bpmn:escalationEventDefinition escalationRef="Esc_LEAD"/>', userTask('lead', 'office'), false),
      ].join('\n'),
      escalation('NOBODY') + escalation('STUCK') + escalation('LEAD'),
    ),
    steps: [{ complete: 'check' }, { complete: 'takeOver' }, { complete: 'lead' }],
    status: 'completed',
    reached: ['start', 'unheard', 's1', 'check', 'giveUp', 'stuck', 'takeOver', 'handOver', 'toLeadStart', 'lead', 'toLeadEnd', 'toLead'],
    interrupted: ['sub'],
  },
  {
    name: 'signals: a catch event, a boundary event that stays armed and an event sub-process each take a broadcast',
    xml: diagram(
      'signal-catch',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        '<bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="Sig_go"/></bpmn:intermediateCatchEvent>',
        userTask('work', 'housing'),
        '<bpmn:boundaryEvent id="pinged" attachedToRef="work" cancelActivity="false"><bpmn:signalEventDefinition signalRef="Sig_ping"/></bpmn:boundaryEvent>',
        '<bpmn:manualTask id="noted"/>',
        end(),
        end('end2'),
        end('end3'),
        flows('start -> fork\nfork -> go\nfork -> work\ngo -> end\nwork -> end2\npinged -> noted\nnoted -> end3'),
        eventSubProcess('onPing', '<bpmn:signalEventDefinition signalRef="Sig_ping"/>', '', false),
      ].join('\n'),
      signal('go') + signal('ping'),
    ),
    steps: [{ signal: 'go', variables: { from: 'office' } }, { signal: 'ping' }, { signal: 'ping' }, { complete: 'work' }],
    status: 'completed',
    reached: ['start', 'fork', 'go', 'end', 'pinged', 'noted', 'end3', 'onPingStart', 'onPingEnd', 'onPing', 'pinged', 'noted', 'end3', 'onPingStart', 'onPingEnd', 'onPing', 'work', 'end2'],
    variablesAfter: { from: 'office' },
  },
  {
    name: "signals: a throw and an end event reach the matter's own waiting events at once",
    xml: diagram(
      'signal-throw',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        userTask('a', 'housing'),
        '<bpmn:boundaryEvent id="stop" attachedToRef="a"><bpmn:signalEventDefinition signalRef="Sig_stop"/></bpmn:boundaryEvent>',
        '<bpmn:intermediateCatchEvent id="heard"><bpmn:signalEventDefinition signalRef="Sig_news"/></bpmn:intermediateCatchEvent>',
        userTask('b', 'transport'),
        '<bpmn:intermediateThrowEvent id="announce"><bpmn:signalEventDefinition signalRef="Sig_news"/></bpmn:intermediateThrowEvent>',
        '<bpmn:endEvent id="halt"><bpmn:signalEventDefinition signalRef="Sig_stop"/></bpmn:endEvent>',
        end(),
        end('end2'),
        end('end3'),
        flows('start -> fork\nfork -> a\nfork -> heard\nfork -> b\na -> end\nstop -> end2\nheard -> end3\nb -> announce\nannounce -> halt'),
      ].join('\n'),
      signal('stop') + signal('news'),
    ),
    steps: [{ complete: 'b' }],
    status: 'completed',
    reached: ['start', 'fork', 'b', 'announce', 'heard', 'end3', 'halt', 'stop', 'end2'],
    interrupted: ['a'],
  },
  {
    name: 'compensation: a throw runs the handlers of the completed activities, in a sub-process too, and waits for them',
    xml: diagram(
      'compensation',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('book', 'housing')}<bpmn:boundaryEvent id="undoBook" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>${userTask('cancelBooking', 'housing').replace('<bpmn:userTask id="cancelBooking"', '<bpmn:userTask id="cancelBooking" isForCompensation="true"')}<bpmn:association id="a1" sourceRef="undoBook" targetRef="cancelBooking"/>${end('e1')}${flows('s1 -> book\nbook -> e1')}</bpmn:subProcess>`,
        userTask('pay', 'transport'),
        '<bpmn:boundaryEvent id="undoPay" attachedToRef="pay"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>',
        '<bpmn:manualTask id="refund" isForCompensation="true"/>',
        '<bpmn:association id="a2" sourceRef="undoPay" targetRef="refund"/>',
        userTask('check', 'office'),
        '<bpmn:exclusiveGateway id="ok" default="ok_end"/>',
        '<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>',
        '<bpmn:endEvent id="undoAgain"><bpmn:compensateEventDefinition/></bpmn:endEvent>',
        end(),
        flows('start -> sub\nsub -> pay\npay -> check\ncheck -> ok\nok -> undo : =failed\nok -> end\nundo -> undoAgain'),
      ].join('\n'),
    ),
    // The second throw finds nothing left to compensate: each activity is compensated once.
    steps: [{ complete: 'book' }, { complete: 'pay' }, { complete: 'check', variables: { failed: true } }, { complete: 'cancelBooking' }],
    status: 'completed',
    reached: ['start', 's1', 'book', 'e1', 'sub', 'pay', 'check', 'ok', 'refund', 'cancelBooking', 'undo', 'undoAgain'],
  },
  {
    name: 'compensation: an end event naming one activity compensates only that one',
    xml: diagram(
      'compensation-one',
      [
        start(),
        userTask('book', 'housing'),
        '<bpmn:boundaryEvent id="undoBook" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>',
        userTask('cancelBooking', 'housing').replace('<bpmn:userTask id="cancelBooking"', '<bpmn:userTask id="cancelBooking" isForCompensation="true"'),
        '<bpmn:association id="a1" sourceRef="undoBook" targetRef="cancelBooking"/>',
        userTask('pay', 'transport'),
        '<bpmn:boundaryEvent id="undoPay" attachedToRef="pay"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>',
        userTask('refund', 'transport').replace('<bpmn:userTask id="refund"', '<bpmn:userTask id="refund" isForCompensation="true"'),
        '<bpmn:association id="a2" sourceRef="undoPay" targetRef="refund"/>',
        '<bpmn:endEvent id="undoPayment"><bpmn:compensateEventDefinition activityRef="pay"/></bpmn:endEvent>',
        flows('start -> book\nbook -> pay\npay -> undoPayment'),
      ].join('\n'),
    ),
    steps: [{ complete: 'book' }, { complete: 'pay' }, { complete: 'refund' }],
    status: 'completed',
    reached: ['start', 'book', 'pay', 'refund', 'undoPayment'],
  },
  {
    name: 'embedded sub-process completes and carries on',
    xml: diagram(
      'subprocess',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('inner', 'housing')}${end('e1')}${flows('s1 -> inner\ninner -> e1')}</bpmn:subProcess>`,
        userTask('after', 'office'),
        end(),
        flows('start -> sub\nsub -> after\nafter -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'inner' }, { complete: 'after' }],
    status: 'completed',
    reached: ['start', 's1', 'inner', 'e1', 'sub', 'after', 'end'],
  },
  {
    name: 'error end event in a sub-process is caught by its error boundary event',
    xml: diagram(
      'sub-error',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${userTask('check', 'housing')}<bpmn:exclusiveGateway id="ok" default="ok_e1"/>${end('e1')}<bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Err_rejected"/></bpmn:endEvent>${flows('s1 -> check\ncheck -> ok\nok -> fail : =rejected\nok -> e1')}</bpmn:subProcess>`,
        '<bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Err_rejected"/></bpmn:boundaryEvent>',
        userTask('rework', 'office'),
        end(),
        end('end2'),
        flows('start -> sub\nsub -> end\ncaught -> rework\nrework -> end2'),
      ].join('\n'),
      '<bpmn:error id="Err_rejected" errorCode="REJECTED"/>',
    ),
    steps: [{ complete: 'check', variables: { rejected: true } }, { complete: 'rework' }],
    status: 'completed',
    reached: ['start', 's1', 'check', 'ok', 'fail', 'caught', 'rework', 'end2'],
    interrupted: ['sub'],
  },
  {
    name: 'an uncaught error stops the token in incident at the element that threw it',
    xml: diagram(
      'uncaught',
      [start(), '<bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="Err_x"/></bpmn:endEvent>', flows('start -> boom')].join('\n'),
      '<bpmn:error id="Err_x" errorCode="X"/>',
    ),
    steps: [],
    status: 'running',
    reached: ['start'],
    waiting: ['boom'],
    incidents: { boom: 'error "X" was thrown and no boundary event catches it' },
  },
  {
    name: 'terminate end event cancels the other branches',
    xml: diagram(
      'terminate',
      [
        start(),
        '<bpmn:parallelGateway id="fork"/>',
        userTask('a', 'housing'),
        userTask('b', 'transport'),
        '<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>',
        end(),
        flows('start -> fork\nfork -> a\nfork -> b\na -> stop\nb -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'a' }],
    status: 'terminated',
    reached: ['start', 'fork', 'a', 'stop'],
    interrupted: ['b'],
  },
  {
    name: 'parallel multi-instance: one task per unit, outputs collected',
    xml: diagram(
      'mi-parallel',
      [
        start(),
        userTask(
          'report',
          '=unit',
          '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit" outputCollection="reports" outputElement="=progress"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
        ),
        end(),
        flows('start -> report\nreport -> end'),
      ].join('\n'),
    ),
    variables: { units: ['housing', 'transport', 'education'] },
    steps: [
      { complete: 'report', variables: { progress: 10 } },
      { complete: 'report', variables: { progress: 20 } },
      { complete: 'report', variables: { progress: 30 } },
    ],
    status: 'completed',
    reached: ['start', 'report', 'end'],
    variablesAfter: { reports: [10, 20, 30] },
  },
  {
    name: 'multi-instance completion condition ends the loop early',
    xml: diagram(
      'mi-condition',
      [
        start(),
        userTask(
          'vote',
          '=unit',
          '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit"/></bpmn:extensionElements><bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>',
        ),
        end(),
        flows('start -> vote\nvote -> end'),
      ].join('\n'),
    ),
    variables: { units: ['housing', 'transport', 'education'] },
    steps: [{ complete: 'vote' }, { complete: 'vote' }],
    status: 'completed',
    reached: ['start', 'vote', 'end'],
  },
  {
    name: 'sequential multi-instance hands the task from unit to unit',
    xml: diagram(
      'mi-sequential',
      [
        start(),
        userTask(
          'sign',
          '=unit',
          '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
        ),
        end(),
        flows('start -> sign\nsign -> end'),
      ].join('\n'),
    ),
    variables: { units: ['housing', 'transport'] },
    steps: [{ complete: 'sign' }, { complete: 'sign' }],
    status: 'completed',
    reached: ['start', 'sign', 'end'],
  },
  {
    name: 'input and output mappings',
    xml: diagram(
      'mappings',
      [
        start(),
        userTask(
          'fill',
          'office',
          '',
        ).replace(
          '</bpmn:extensionElements>',
          '<zeebe:ioMapping><zeebe:input source="=target * 2" target="stretch"/><zeebe:output source="=done / stretch" target="ratio"/></zeebe:ioMapping></bpmn:extensionElements>',
        ),
        end(),
        flows('start -> fill\nfill -> end'),
      ].join('\n'),
    ),
    variables: { target: 50 },
    steps: [{ complete: 'fill', variables: { done: 25 } }],
    status: 'completed',
    reached: ['start', 'fill', 'end'],
    variablesAfter: { target: 50, ratio: 0.25 },
  },
  {
    name: 'the shipped supervision flow: a returned report goes back to the unit',
    xml: shippedModel('supervision-basic.bpmn'),
    variables: { leadUnit: 'housing', deadline: '2026-12-31' },
    steps: [
      { complete: 'Distribute' },
      { complete: 'Report', variables: { progress: '完成30%' } },
      { complete: 'Review', variables: { approved: false, comment: '请补充佐证材料' } },
      { complete: 'Report', variables: { progress: '完成60%，附照片' } },
      { complete: 'Review', variables: { approved: true } },
    ],
    status: 'completed',
    reached: ['Start', 'Distribute', 'Report', 'Review', 'Decision', 'Report', 'Review', 'Decision', 'Closed'],
    variablesAfter: { progress: '完成60%，附照片', approved: true },
  },
  {
    name: 'a user task with a due date: the light timer waits beside it and is withdrawn',
    xml: diagram(
      'due-date',
      [
        start(),
        userTask('report', 'housing').replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=due"/></bpmn:extensionElements>'),
        end(),
        flows('start -> report\nreport -> end'),
      ].join('\n'),
    ),
    variables: { due: '2099-01-01' },
    steps: [{ complete: 'report' }],
    status: 'completed',
    reached: ['start', 'report', 'end'],
  },
  {
    // The zoned calendar's rules: a boundary event's outputs apply as it fires, and FEEL's today() is the organisation's.
    name: 'a period timer starts each period afresh through its output mappings',
    xml: diagram(
      'period-afresh',
      [
        start(),
        userTask('handling', 'housing'),
        '<bpmn:boundaryEvent id="opens" attachedToRef="handling" cancelActivity="false"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=null" target="approved"/><zeebe:output source="=string(today())" target="openedOn"/></zeebe:ioMapping></bpmn:extensionElements><bpmn:timerEventDefinition><bpmn:timeCycle>R1/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        userTask('report', 'housing').replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=if approved = false then &quot;P3D&quot; else &quot;P24D&quot;"/></bpmn:extensionElements>'),
        end(),
        end('end2'),
        flows('start -> handling\nhandling -> end\nopens -> report\nreport -> end2'),
      ].join('\n'),
    ),
    variables: { approved: false },
    steps: [{ timer: 'opens' }, { complete: 'report' }, { complete: 'handling' }],
    status: 'completed',
    reached: ['start', 'opens', 'report', 'end2', 'handling', 'end'],
    variablesAfter: { approved: null },
  },
  {
    // PostgreSQL refuses the NUL character the output mapping makes: the matter opens an incident and goes on.
    name: 'a variable the read model cannot store opens an incident and the matter goes on',
    xml: diagram(
      'unstorable',
      [
        start(),
        userTask('fill', 'office').replace('</bpmn:extensionElements>', '<zeebe:ioMapping><zeebe:output source="=&quot;x\\u0000y&quot;" target="note"/></zeebe:ioMapping></bpmn:extensionElements>'),
        userTask('check', 'office'),
        end(),
        flows('start -> fill\nfill -> check\ncheck -> end'),
      ].join('\n'),
    ),
    steps: [{ complete: 'fill' }, { complete: 'check' }],
    status: 'completed',
    reached: ['start', 'fill', 'check', 'end'],
    variablesAfter: { note: 'x\u0000y' },
  },
];
