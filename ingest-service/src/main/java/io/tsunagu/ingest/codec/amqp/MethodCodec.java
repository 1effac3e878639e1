package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;

/**
 * Method frame payloads (§4.2.4): class-id short, method-id short, arguments. Decoding never throws and does not
 * release the payload (the {@link Frame} owner does).
 *
 * <p>Reply codes: a method id outside the supported set is 540 NOT_IMPLEMENTED (spec constant not-implemented:
 * "The client tried to use functionality that is not implemented in the server"; RabbitMQ itself exits with
 * {@code unknown_method_id} from its generated {@code lookup_method_name} and drops the socket without a close).
 * Arguments that are truncated, carry trailing bytes or hold an illegal field are 502 SYNTAX_ERROR (spec
 * constant syntax-error: "a frame that contained illegal values for one or more fields"; RabbitMQ reports
 * undecodable method fields as 501 frame_error).
 */
public final class MethodCodec {

    private MethodCodec() {
    }

    /** Decodes a method frame payload. */
    public static DecodeResult<Method> decode(ByteBuf payload) {
        FieldReader in = new FieldReader(payload.duplicate());
        if (in.remaining() < 4) {
            return DecodeResult.failed(ReplyCode.SYNTAX_ERROR, "method frame shorter than class-id and method-id");
        }
        int classId = in.shortUnsigned();
        int methodId = in.shortUnsigned();
        try {
            Method method = read(classId << 16 | methodId, in);
            if (method == null) {
                return DecodeResult.failed(ReplyCode.NOT_IMPLEMENTED,
                        "unknown method " + classId + "/" + methodId);
            }
            in.end("method " + classId + "/" + methodId);
            return DecodeResult.decoded(method);
        } catch (MalformedException e) {
            return e.toResult();
        }
    }

    /** Writes a method frame payload: class-id, method-id, arguments. */
    public static void encode(Method method, ByteBuf out) {
        out.writeShort(method.classId());
        out.writeShort(method.methodId());
        method.writeArguments(new FieldWriter(out));
    }

    /** The method with key {@code classId << 16 | methodId}, or {@code null} if unsupported. */
    private static Method read(int key, FieldReader in) {
        return switch (key) {
            case 10 << 16 | 10 -> ConnectionMethod.Start.read(in);
            case 10 << 16 | 11 -> ConnectionMethod.StartOk.read(in);
            case 10 << 16 | 20 -> ConnectionMethod.Secure.read(in);
            case 10 << 16 | 21 -> ConnectionMethod.SecureOk.read(in);
            case 10 << 16 | 30 -> ConnectionMethod.Tune.read(in);
            case 10 << 16 | 31 -> ConnectionMethod.TuneOk.read(in);
            case 10 << 16 | 40 -> ConnectionMethod.Open.read(in);
            case 10 << 16 | 41 -> ConnectionMethod.OpenOk.read(in);
            case 10 << 16 | 50 -> ConnectionMethod.Close.read(in);
            case 10 << 16 | 51 -> new ConnectionMethod.CloseOk();
            case 10 << 16 | 60 -> ConnectionMethod.Blocked.read(in);
            case 10 << 16 | 61 -> new ConnectionMethod.Unblocked();
            case 20 << 16 | 10 -> ChannelMethod.Open.read(in);
            case 20 << 16 | 11 -> ChannelMethod.OpenOk.read(in);
            case 20 << 16 | 20 -> ChannelMethod.Flow.read(in);
            case 20 << 16 | 21 -> ChannelMethod.FlowOk.read(in);
            case 20 << 16 | 40 -> ChannelMethod.Close.read(in);
            case 20 << 16 | 41 -> new ChannelMethod.CloseOk();
            case 40 << 16 | 10 -> ExchangeMethod.Declare.read(in);
            case 40 << 16 | 11 -> new ExchangeMethod.DeclareOk();
            case 40 << 16 | 20 -> ExchangeMethod.Delete.read(in);
            case 40 << 16 | 21 -> new ExchangeMethod.DeleteOk();
            case 40 << 16 | 30 -> ExchangeMethod.Bind.read(in);
            case 40 << 16 | 31 -> new ExchangeMethod.BindOk();
            case 40 << 16 | 40 -> ExchangeMethod.Unbind.read(in);
            case 40 << 16 | 51 -> new ExchangeMethod.UnbindOk();
            case 50 << 16 | 10 -> QueueMethod.Declare.read(in);
            case 50 << 16 | 11 -> QueueMethod.DeclareOk.read(in);
            case 50 << 16 | 20 -> QueueMethod.Bind.read(in);
            case 50 << 16 | 21 -> new QueueMethod.BindOk();
            case 50 << 16 | 30 -> QueueMethod.Purge.read(in);
            case 50 << 16 | 31 -> QueueMethod.PurgeOk.read(in);
            case 50 << 16 | 40 -> QueueMethod.Delete.read(in);
            case 50 << 16 | 41 -> QueueMethod.DeleteOk.read(in);
            case 50 << 16 | 50 -> QueueMethod.Unbind.read(in);
            case 50 << 16 | 51 -> new QueueMethod.UnbindOk();
            case 60 << 16 | 10 -> BasicMethod.Qos.read(in);
            case 60 << 16 | 11 -> new BasicMethod.QosOk();
            case 60 << 16 | 20 -> BasicMethod.Consume.read(in);
            case 60 << 16 | 21 -> BasicMethod.ConsumeOk.read(in);
            case 60 << 16 | 30 -> BasicMethod.Cancel.read(in);
            case 60 << 16 | 31 -> BasicMethod.CancelOk.read(in);
            case 60 << 16 | 40 -> BasicMethod.Publish.read(in);
            case 60 << 16 | 50 -> BasicMethod.Return.read(in);
            case 60 << 16 | 60 -> BasicMethod.Deliver.read(in);
            case 60 << 16 | 70 -> BasicMethod.Get.read(in);
            case 60 << 16 | 71 -> BasicMethod.GetOk.read(in);
            case 60 << 16 | 72 -> BasicMethod.GetEmpty.read(in);
            case 60 << 16 | 80 -> BasicMethod.Ack.read(in);
            case 60 << 16 | 90 -> BasicMethod.Reject.read(in);
            case 60 << 16 | 100 -> BasicMethod.RecoverAsync.read(in);
            case 60 << 16 | 110 -> BasicMethod.Recover.read(in);
            case 60 << 16 | 111 -> new BasicMethod.RecoverOk();
            case 60 << 16 | 120 -> BasicMethod.Nack.read(in);
            case 85 << 16 | 10 -> ConfirmMethod.Select.read(in);
            case 85 << 16 | 11 -> new ConfirmMethod.SelectOk();
            case 90 << 16 | 10 -> new TxMethod.Select();
            case 90 << 16 | 11 -> new TxMethod.SelectOk();
            case 90 << 16 | 20 -> new TxMethod.Commit();
            case 90 << 16 | 21 -> new TxMethod.CommitOk();
            case 90 << 16 | 30 -> new TxMethod.Rollback();
            case 90 << 16 | 31 -> new TxMethod.RollbackOk();
            default -> null;
        };
    }
}
