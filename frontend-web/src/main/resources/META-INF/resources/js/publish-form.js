// The publish form: topic, payload, QoS and retain, sent through the dashboard's MQTT connection.

const WILDCARD = /[+#]/;

/** Wires the form to `client` and reports each publish's outcome. */
export class PublishForm {
  constructor(client, elements) {
    this.client = client;
    this.el = elements;
    this.published = 0;
    this.failed = 0;
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.publish();
    });
  }

  async publish() {
    const topic = this.el.topic.value;
    const qos = Number(this.el.qos.value);
    const retain = this.el.retain.checked;
    if (topic === '' || WILDCARD.test(topic)) {
      // [MQTT-3.3.2-2]: a PUBLISH topic name holds no wildcard
      this.show('failed', 'Give a topic name without + or #.');
      return;
    }
    this.show('pending', 'Publishing\u2026');
    try {
      await this.client.publish(topic, this.el.payload.value, qos, retain);
      this.published++;
      this.show('delivered', qos === 0
        ? 'Sent to ' + topic + ' (QoS 0: no acknowledgement).'
        : 'Delivered to ' + topic + ': the broker acknowledged it (QoS ' + qos + ').');
    } catch (error) {
      this.failed++;
      this.show('failed', 'Not published: ' + error.message + '.');
    }
  }

  show(outcome, text) {
    this.el.result.dataset.outcome = outcome;
    this.el.result.textContent = text;
  }
}
